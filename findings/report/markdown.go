package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/synclint/synclint/findings"
)

// MarkdownMarker is the hidden first line of the Markdown report: a bot that
// posts the report as a pull-request comment finds its previous comment by
// it and updates it instead of adding a new one (sfdx-hardis does the same).
const MarkdownMarker = "<!-- synclint:report -->"

// markdownLimit keeps a report within GitHub's 65,536-character limit on
// comment bodies: details are dropped first, then table rows.
const markdownLimit = 60000

func writeMarkdown(w io.Writer, d *Document, o Options) error {
	for _, mode := range []struct {
		details bool
		rows    int
	}{{true, -1}, {false, -1}, {false, 200}, {false, 50}} {
		var b bytes.Buffer
		renderMarkdown(&b, d, mode.details, mode.rows)
		if b.Len() <= markdownLimit || mode.rows == 50 {
			_, err := w.Write(b.Bytes())
			return err
		}
	}
	return nil
}

func renderMarkdown(w *bytes.Buffer, d *Document, details bool, maxRows int) {
	fmt.Fprintln(w, MarkdownMarker)
	s := d.Summary
	head := "No findings"
	if s.Total > 0 {
		head = capitalize(d.countsLine())
	}
	fmt.Fprintf(w, "### synclint: %s\n\n", head)
	root := orDefault(d.Root, ".")
	fmt.Fprintf(w, "%s · %s Salesforce objects (%d fields, %d validation rules) · %d HubSpot properties · %d mappings\n\n",
		mdCode(root), strconv.Itoa(s.Objects), s.Fields, s.Rules, s.Properties, s.Mappings)

	fmt.Fprintln(w, "| Severity | Findings |")
	fmt.Fprintln(w, "|---|--:|")
	for _, sev := range severities {
		fmt.Fprintf(w, "| %s | %d |\n", capitalize(sev.String()), s.BySeverity[sev.String()])
	}
	c := s.Counts
	for _, row := range []struct {
		label string
		n     int
	}{{"Suppressed", c.Suppressed}, {"In the baseline", c.Baselined}, {"Unchanged since " + orDefault(d.NewFromRev, "base"), c.Unchanged}, {"Below --severity", c.BelowSeverity}} {
		if row.n > 0 {
			fmt.Fprintf(w, "| %s | %d |\n", mdEscape(row.label), row.n)
		}
	}
	fmt.Fprintln(w)
	if len(d.SyncOrder) > 0 {
		parts := make([]string, len(d.SyncOrder))
		for i, o := range d.SyncOrder {
			parts[i] = mdCode(o)
		}
		fmt.Fprintf(w, "**Required sync order:** %s\n\n", strings.Join(parts, " → "))
	}
	if d.Baseline != nil && len(d.Baseline.Stale) > 0 {
		fmt.Fprintf(w, "> [!NOTE]\n> %s of %s match no finding any more: run `synclint baseline prune`.\n\n", plural(len(d.Baseline.Stale), "baseline entry"), mdCode(d.Baseline.File))
	}

	if len(d.Findings) > 0 {
		fmt.Fprintln(w, "| Severity | Rule | Component | Location | Finding |")
		fmt.Fprintln(w, "|---|---|---|---|---|")
		for i, f := range d.Findings {
			if maxRows >= 0 && i >= maxRows {
				fmt.Fprintf(w, "\n_…and %d more findings: see the full report (JSON, SARIF or HTML)._\n", len(d.Findings)-maxRows)
				break
			}
			r := d.Rule(f.Rule)
			loc := locationString(findings.Location{File: d.RepoPath(f.File), Line: f.Line})
			fmt.Fprintf(w, "| %s | [%s](%s %q) | %s | %s | %s |\n",
				f.Severity, f.Rule, r.HelpURI, r.Title, mdCodeOrDash(f.Component), mdCodeOrDash(loc), mdEscape(fullMessage(&f)))
		}
		fmt.Fprintln(w)
	}
	if details && len(d.Findings) > 0 {
		fmt.Fprintf(w, "<details>\n<summary>Evidence, fixes and patches (%s)</summary>\n\n", plural(len(d.Findings), "finding"))
		for i := range d.Findings {
			writeMarkdownDetail(w, d, i+1, &d.Findings[i])
		}
		fmt.Fprint(w, "</details>\n\n")
	}
	if len(d.Suppressed) > 0 {
		fmt.Fprintf(w, "<details>\n<summary>Suppressed findings (%d)</summary>\n\n", len(d.Suppressed))
		fmt.Fprintln(w, "| Rule | Component | Location | Finding | Suppressed by |")
		fmt.Fprintln(w, "|---|---|---|---|---|")
		for _, sp := range d.Suppressed {
			by := sp.Suppression.Kind
			if sp.Suppression.Reason != "" {
				by += ": " + sp.Suppression.Reason
			}
			loc := locationString(findings.Location{File: d.RepoPath(sp.File), Line: sp.Line})
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", sp.Rule, mdCodeOrDash(sp.Component), mdCodeOrDash(loc), mdEscape(fullMessage(&sp.Finding)), mdEscape(by))
		}
		fmt.Fprint(w, "\n</details>\n\n")
	}
	fmt.Fprintf(w, "<sub>synclint %s · %s</sub>\n", mdEscape(orDefault(d.Tool.Version, "dev")), plural(countEnabled(d), "rule")+" ran")
}

func countEnabled(d *Document) int {
	n := 0
	for _, r := range d.Rules {
		if r.Enabled {
			n++
		}
	}
	return n
}

func writeMarkdownDetail(w *bytes.Buffer, d *Document, n int, f *findings.Finding) {
	title := f.Rule
	if f.Component != "" {
		title += " · " + f.Component
	}
	fmt.Fprintf(w, "#### %d. %s\n\n%s\n\n", n, mdEscape(title), mdEscape(fullMessage(f)))
	if f.Fix != "" {
		fmt.Fprintf(w, "**Fix:** %s\n\n", mdEscape(f.Fix))
	}
	if len(f.Evidence) > 0 {
		fmt.Fprintln(w, "| Evidence | |")
		fmt.Fprintln(w, "|---|---|")
		for _, e := range f.Evidence {
			fmt.Fprintf(w, "| %s | %s |\n", mdEscape(e.Key), mdEscape(e.Value))
		}
		fmt.Fprintln(w)
	}
	if r := f.Records; r != nil && r.Checked > 0 {
		fmt.Fprintf(w, "**Records:** %d of %d in %s fail", r.Failing, r.Checked, mdCode(r.File))
		if len(r.Examples) > 0 {
			ex := make([]string, len(r.Examples))
			for i, e := range r.Examples {
				ex[i] = mdCode(e.RecordID) + " " + mdEscape(strconv.Quote(e.Value))
			}
			fmt.Fprintf(w, ", e.g. %s", strings.Join(ex, ", "))
		}
		fmt.Fprint(w, "\n\n")
	}
	if vr := d.ValidationRule(f.Object, f.ValidationRule); vr != nil && vr.Formula != "" {
		fmt.Fprintf(w, "**Formula** (%s):\n\n%s\n", mdCode(vr.Component), mdFence("", vr.Formula))
	}
	if wi := f.Witness; wi != nil {
		fmt.Fprintf(w, "**Rejected %s:** ", mdEscape(wi.Mode))
		vals := make([]string, len(wi.Values))
		for i, v := range wi.Values {
			vals[i] = mdCode(v.Field+" = "+witnessValue(v)) + sourceSuffix(v.Source)
		}
		fmt.Fprint(w, strings.Join(vals, ", "))
		fmt.Fprint(w, "\n\n")
	}
	if p := f.Patch; p != nil {
		fmt.Fprintf(w, "**Proposed patch:** %s\n\n", mdEscape(p.Description))
		if p.Diff != "" {
			fmt.Fprint(w, mdFence("diff", p.Diff))
		} else {
			fmt.Fprint(w, mdFence("", p.Replacement))
		}
		for _, nf := range p.NewFiles {
			fmt.Fprintf(w, "New file %s:\n\n%s", mdCode(d.RepoPath(nf.File)), mdFence("xml", nf.Content))
		}
		fmt.Fprintln(w)
	}
}

// witnessValue renders a witness value as Salesforce shows it.
func witnessValue(v findings.WitnessValue) string {
	if v.Blank {
		return "(blank)"
	}
	return strconv.Quote(v.Value)
}

func sourceSuffix(src string) string {
	if src == "" {
		return ""
	}
	return " (" + mdEscape(src) + ")"
}

var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "|", `\|`, "~", `\~`,
	"<", "&lt;", ">", "&gt;", "&", "&amp;", "\r\n", "<br>", "\n", "<br>", "\r", "<br>",
)

// mdEscape makes text safe in a Markdown paragraph or table cell: Markdown
// and HTML characters are escaped (field names like pi__score__c would turn
// bold, formulas hold < and >), and newlines become <br> so a table row stays
// one line.
func mdEscape(s string) string { return mdReplacer.Replace(s) }

// mdCode renders s as a code span that cannot break out of a table cell.
func mdCode(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "|", `\|`).Replace(s)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

func mdCodeOrDash(s string) string {
	if s == "" {
		return "-"
	}
	return mdCode(s)
}

// mdFence renders a fenced code block whose fence is longer than any run of
// backticks in the text.
func mdFence(lang, text string) string {
	fence := "```"
	for strings.Contains(text, fence) {
		fence += "`"
	}
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	return fence + lang + "\n" + text + fence + "\n\n"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
