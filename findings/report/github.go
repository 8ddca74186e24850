package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/synclint/synclint/findings"
)

// GitHub Actions workflow commands
// (docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands).
// GitHub shows at most 10 error and 10 warning annotations per step, so the
// most severe findings are annotated and one notice summarises the rest; the
// complete list is printed in a collapsed log group, and the CLI writes the
// Markdown report to $GITHUB_STEP_SUMMARY.

// escapeData escapes a workflow command's message (actions/toolkit
// packages/core/src/command.ts escapeData).
func escapeData(s string) string {
	s = strings.ReplaceAll(s, "%", "%25")
	s = strings.ReplaceAll(s, "\r", "%0D")
	return strings.ReplaceAll(s, "\n", "%0A")
}

// escapeProperty escapes a workflow command property value (command.ts
// escapeProperty): as data, plus ':' and ','. Without it a file name or title
// with a comma or colon would end the property, and a newline would end the
// command and start another (command injection).
func escapeProperty(s string) string {
	s = escapeData(s)
	s = strings.ReplaceAll(s, ":", "%3A")
	return strings.ReplaceAll(s, ",", "%2C")
}

// annotationCommand maps a severity onto a workflow command.
func annotationCommand(s findings.Severity) string {
	switch s {
	case findings.Error:
		return "error"
	case findings.Warning:
		return "warning"
	}
	return "notice"
}

func writeGitHubActions(w io.Writer, d *Document, o Options) error {
	max := o.MaxAnnotations
	if max <= 0 {
		max = 10
	}
	total := len(d.Findings)
	// The full list, collapsed in the log.
	fmt.Fprintf(w, "::group::%s\n", escapeData(fmt.Sprintf("synclint: %s (%s)", plural(total, "finding"), d.countsLine())))
	for _, f := range d.Findings {
		loc := locationString(findings.Location{File: d.RepoPath(f.File), Line: f.Line, Column: f.Column})
		if loc == "" {
			loc = "-"
		}
		fmt.Fprintf(w, "%s %s %s %s\n", f.Severity, f.Rule, oneLine(loc), oneLine(fullMessage(&f)))
	}
	if h := d.hiddenLine(); h != "" {
		fmt.Fprintf(w, "not shown: %s\n", oneLine(h))
	}
	fmt.Fprintln(w, "::endgroup::")

	counts := map[findings.Severity]int{}
	skipped := map[findings.Severity]int{}
	for _, f := range d.bySeverity() {
		if f.Severity < findings.Warning || counts[f.Severity] >= max {
			skipped[f.Severity]++
			continue
		}
		counts[f.Severity]++
		writeAnnotation(w, d, &f)
	}
	if n := skipped[findings.Error] + skipped[findings.Warning] + skipped[findings.Note]; n > 0 {
		var parts []string
		for _, sev := range severities {
			if skipped[sev] > 0 {
				parts = append(parts, plural(skipped[sev], sev.String()))
			}
		}
		msg := fmt.Sprintf("%s not annotated (%s): GitHub shows %d error and %d warning annotations per step. The job summary and the log group above list every finding.",
			plural(n, "more finding"), strings.Join(parts, ", "), max, max)
		fmt.Fprintf(w, "::notice title=%s::%s\n", escapeProperty("synclint"), escapeData(msg))
	}
	if d.Baseline != nil && len(d.Baseline.Stale) > 0 {
		fmt.Fprintf(w, "::warning title=%s::%s\n", escapeProperty("synclint baseline"),
			escapeData(fmt.Sprintf("%s of %s match no finding any more; run `synclint baseline prune`.", plural(len(d.Baseline.Stale), "entry"), d.Baseline.File)))
	}
	return nil
}

func writeAnnotation(w io.Writer, d *Document, f *findings.Finding) {
	var props []string
	if f.File != "" {
		props = append(props, "file="+escapeProperty(d.RepoPath(f.File)))
		if f.Line > 0 {
			props = append(props, "line="+strconv.Itoa(f.Line))
			if f.EndLine >= f.Line {
				props = append(props, "endLine="+strconv.Itoa(f.EndLine))
			}
			// Columns only on one-line ranges: GitHub ignores them otherwise.
			if f.Column > 0 && (f.EndLine == 0 || f.EndLine == f.Line) {
				props = append(props, "col="+strconv.Itoa(f.Column))
				if f.EndColumn > 0 {
					props = append(props, "endColumn="+strconv.Itoa(f.EndColumn))
				}
			}
		}
	}
	r := d.Rule(f.Rule)
	props = append(props, "title="+escapeProperty(fmt.Sprintf("synclint %s: %s", f.Rule, r.Title)))
	msg := fullMessage(f)
	if f.Fix != "" {
		msg += "\nFix: " + f.Fix
	}
	fmt.Fprintf(w, "::%s %s::%s\n", annotationCommand(f.Severity), strings.Join(props, ","), escapeData(msg))
}

// oneLine keeps a plain log line on one line: a newline in a message would
// start a new line that GitHub could read as a workflow command.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
}
