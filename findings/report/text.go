package report

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/fatih/color"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/synclint/synclint/findings"
)

// styles holds the colours of one rendering; colours are per instance so
// concurrent renderings (tests, several formats) do not share global state.
type styles struct {
	err, warn, note, bold, dim, ok *color.Color
}

func newStyles(enabled bool) *styles {
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if enabled {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	return &styles{
		err:  mk(color.FgRed, color.Bold),
		warn: mk(color.FgYellow, color.Bold),
		note: mk(color.FgCyan),
		bold: mk(color.Bold),
		dim:  mk(color.Faint),
		ok:   mk(color.FgGreen, color.Bold),
	}
}

func (s *styles) severity(sev findings.Severity) string {
	switch sev {
	case findings.Error:
		return s.err.Sprint("error")
	case findings.Warning:
		return s.warn.Sprint("warning")
	case findings.Note:
		return s.note.Sprint("note")
	}
	return sev.String()
}

// writeText renders findings grouped by Salesforce object, one table per
// group, most severe first, followed by a summary line.
func writeText(w io.Writer, d *Document, o Options) error {
	st := newStyles(o.Color)
	width := o.Width
	if width <= 0 {
		width = 120
	}
	if width < 60 {
		width = 60
	}
	root := d.Root
	if root == "" {
		root = "."
	}
	fmt.Fprintf(w, "%s %s\n", st.bold.Sprint("synclint"), root)
	s := d.Summary
	fmt.Fprintf(w, "Read %s Salesforce objects (%s fields, %s validation rules), %s HubSpot properties, %s mappings.\n",
		strconv.Itoa(s.Objects), strconv.Itoa(s.Fields), strconv.Itoa(s.Rules), strconv.Itoa(s.Properties), strconv.Itoa(s.Mappings))
	if len(d.SyncOrder) > 0 {
		fmt.Fprintf(w, "Required sync order: %s\n", strings.Join(d.SyncOrder, " → "))
	}
	fmt.Fprintln(w)
	if len(d.Findings) == 0 {
		if d.hiddenLine() == "" {
			fmt.Fprintln(w, st.ok.Sprint("No findings: nothing in this org is known to reject the integration's writes."))
			return nil
		}
		fmt.Fprintln(w, st.ok.Sprint("No new findings."))
	}

	groups := map[string][]findings.Finding{}
	for _, f := range d.Findings {
		g := f.Object
		if g == "" {
			g = groupName(f)
		}
		groups[g] = append(groups[g], f)
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Slice(names, func(i, j int) bool {
		// Tool diagnostics last, objects alphabetically.
		ti, tj := strings.HasPrefix(names[i], "("), strings.HasPrefix(names[j], "(")
		if ti != tj {
			return tj
		}
		return names[i] < names[j]
	})
	msgWidth := width - 8 - 6 - 34 - 13
	if msgWidth < 30 {
		msgWidth = 30
	}
	for _, g := range names {
		fs := groups[g]
		sort.SliceStable(fs, func(i, j int) bool {
			if fs[i].Severity != fs[j].Severity {
				return fs[i].Severity > fs[j].Severity
			}
			return fs[i].Rule < fs[j].Rule
		})
		fmt.Fprintf(w, "%s %s\n", st.bold.Sprint(g), st.dim.Sprintf("(%d)", len(fs)))
		tbl := tablewriter.NewTable(w,
			tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})),
			tablewriter.WithRowAutoWrap(tw.WrapNormal),
			tablewriter.WithHeaderAutoFormat(tw.Off),
			tablewriter.WithTrimSpace(tw.Off),
			tablewriter.WithColumnWidths(tw.NewMapper[int, int]().Set(2, 34).Set(3, msgWidth)),
			tablewriter.WithMaxWidth(width),
		)
		tbl.Header([]string{"SEVERITY", "RULE", "LOCATION", "FINDING"})
		for _, f := range fs {
			loc := f.File
			if f.Line > 0 {
				loc += ":" + strconv.Itoa(f.Line)
			}
			if loc == "" {
				loc = "-"
			}
			body := fullMessage(&f)
			if o.Verbose {
				for _, e := range f.Evidence {
					body += "\n  " + e.Key + ": " + e.Value
				}
				if f.Records != nil && f.Records.Checked > 0 {
					body += fmt.Sprintf("\n  records: %d of %d failing", f.Records.Failing, f.Records.Checked)
					for _, ex := range f.Records.Examples {
						body += fmt.Sprintf("\n    #%s %q", ex.RecordID, ex.Value)
					}
				}
				if f.Witness != nil {
					body += witnessText(f.Witness)
				}
			}
			if f.Fix != "" {
				body += "\n" + st.dim.Sprint("Fix: ") + f.Fix
			}
			if err := tbl.Append([]string{st.severity(f.Severity), f.Rule, wrapPath(loc, locationCellWidth), body}); err != nil {
				return err
			}
		}
		if err := tbl.Render(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	if len(d.Suppressed) > 0 {
		if err := writeSuppressedText(w, d, st, width); err != nil {
			return err
		}
	}
	writeTextFooter(w, d, st)
	return nil
}

// writeTextFooter prints the totals line and what post-processing hid.
func writeTextFooter(w io.Writer, d *Document, st *styles) {
	s := d.Summary
	var parts []string
	for _, sev := range severities {
		n := s.BySeverity[sev.String()]
		if n == 0 {
			continue
		}
		word := sev.String()
		if n > 1 {
			word += "s"
		}
		parts = append(parts, colorCount(st, sev, n, word))
	}
	line := plural(s.Total, "finding")
	if len(parts) > 0 {
		line += ": " + strings.Join(parts, ", ")
	}
	if h := d.hiddenLine(); h != "" {
		line += st.dim.Sprint(" (not shown: " + h + ")")
	}
	fmt.Fprintln(w, line)
	if d.Baseline != nil && len(d.Baseline.Stale) > 0 {
		fmt.Fprintf(w, "%s %s match no finding any more: run `synclint baseline prune` to remove them.\n",
			st.warn.Sprint("Baseline:"), plural(len(d.Baseline.Stale), "entry"))
	}
	if d.Baseline != nil && len(d.Baseline.Expired) > 0 {
		fmt.Fprintf(w, "%s %s expired; their findings are reported again.\n",
			st.warn.Sprint("Baseline:"), plural(len(d.Baseline.Expired), "entry"))
	}
}

// writeSuppressedText lists suppressed findings (--show-suppressed).
func writeSuppressedText(w io.Writer, d *Document, st *styles, width int) error {
	fmt.Fprintf(w, "%s %s\n", st.bold.Sprint("Suppressed"), st.dim.Sprintf("(%d)", len(d.Suppressed)))
	tbl := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})),
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithTrimSpace(tw.Off),
		tablewriter.WithColumnWidths(tw.NewMapper[int, int]().Set(1, 34).Set(2, 40)),
		tablewriter.WithMaxWidth(width),
	)
	tbl.Header([]string{"RULE", "LOCATION", "FINDING", "SUPPRESSED BY"})
	for _, s := range d.Suppressed {
		by := s.Suppression.Kind
		if l := locationString(s.Suppression.Location); l != "" {
			by += " " + l
		}
		if s.Suppression.Reason != "" {
			by += ": " + s.Suppression.Reason
		}
		loc := locationString(findings.Location{File: s.File, Line: s.Line})
		if loc == "" {
			loc = "-"
		}
		if err := tbl.Append([]string{s.Rule, wrapPath(loc, locationCellWidth), fullMessage(&s.Finding), by}); err != nil {
			return err
		}
	}
	if err := tbl.Render(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return nil
}

func colorCount(st *styles, sev findings.Severity, n int, word string) string {
	text := strconv.Itoa(n) + " " + word
	switch sev {
	case findings.Error:
		return st.err.Sprint(text)
	case findings.Warning:
		return st.warn.Sprint(text)
	}
	return st.note.Sprint(text)
}

// groupName names the group of a finding without an object.
func groupName(f findings.Finding) string {
	if strings.HasPrefix(f.Rule, "SL") {
		return "(tool diagnostics)"
	}
	if f.HubSpotProperty != "" {
		return "(HubSpot " + strings.SplitN(f.HubSpotProperty, ".", 2)[0] + ")"
	}
	return "(org)"
}

// locationCellWidth is the text width of the LOCATION column: the column is
// 34 wide and the table pads each cell by one space on either side; a longer
// word would be cut by the table.
const locationCellWidth = 32

// wrapPath breaks a long path at slashes so the table can wrap it.
func wrapPath(p string, width int) string {
	if len(p) <= width || width < 1 {
		return p
	}
	var b strings.Builder
	line := 0
	for i, part := range strings.SplitAfter(p, "/") {
		if i > 0 && line+len(part) > width {
			b.WriteString("\n")
			line = 0
		}
		// A single name longer than the column is broken where it must be,
		// so the table never cuts it off.
		for len(part) > width-line {
			n := width - line
			b.WriteString(part[:n])
			b.WriteString("\n")
			part = part[n:]
			line = 0
		}
		b.WriteString(part)
		line += len(part)
	}
	return b.String()
}

// witnessText renders a witness as a small table: the write's values with
// where each comes from, then the prior values an update compares with.
func witnessText(w *findings.Witness) string {
	head := "\n  witness: " + w.Mode
	if w.User != "" {
		head += " as " + w.User
	}
	body := head
	row := func(v findings.WitnessValue) string {
		val := strconv.Quote(v.Value)
		if v.Blank {
			val = "blank"
		}
		line := "\n    " + v.Field + " = " + val
		if v.Source != "" {
			line += "  (" + v.Source + ")"
		}
		return line
	}
	for _, v := range w.Values {
		body += row(v)
	}
	if len(w.Prior) > 0 {
		body += "\n  before the update:"
		for _, v := range w.Prior {
			body += row(v)
		}
	}
	return body
}
