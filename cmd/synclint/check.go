package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
	"github.com/synclint/synclint/config"
	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/findings/filter"
	"github.com/synclint/synclint/findings/report"
)

func init() { register(newCheckCmd) }

type checkFlags struct {
	configPath string
	hubspotDir string
	recordsDir string
	noRecords  bool
	now        string
	formats    []string
	output     string
	failOn     string
	color      string
	verbose    bool
	only       []string
	disable    []string

	// Pipeline and audit flags (pipeline.go).
	enable         []string
	severity       string
	exitZero       bool
	baseline       string
	noBaseline     bool
	newFromRev     string
	showSuppressed bool
	noInline       bool
	// Set when the flag was given, so config defaults apply otherwise.
	failOnSet, severitySet, formatSet bool
}

func newCheckCmd(a *app) *cobra.Command {
	var fl checkFlags
	cmd := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Report what in the org will reject HubSpot integration writes",
		Long: `check reads the Salesforce metadata in DIR (default: the current folder), the
HubSpot export named in synclint.yaml (or --hubspot), joins them through the field
mapping and reports every configuration that will reject an integration write.

Findings can be suppressed where they are (<!-- synclint:ignore RULE reason -->
in a metadata file, [synclint:ignore RULE reason] in a validation rule's or field's
description) or accepted in a baseline (synclint baseline create): see
docs/suppression.md. --new-from-rev reports only findings in lines changed since a
git revision, for pull requests that must not fail on old debt.

Exit status: 0 when no reported finding is at or above --fail-on (or with
--exit-zero), 1 when one is, 2 on a usage error, a bad config or baseline, or when
nothing could be read. The exit status does not depend on the output format.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			fl.failOnSet = cmd.Flags().Changed("fail-on")
			fl.severitySet = cmd.Flags().Changed("severity")
			fl.formatSet = cmd.Flags().Changed("format")
			return runCheck(a, dir, &fl)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.configPath, "config", "", "config file (default: synclint.yaml in DIR or a parent, up to the repository root)")
	f.StringVar(&fl.hubspotDir, "hubspot", "", "HubSpot export folder (default: hubspot: in the config)")
	f.StringVar(&fl.recordsDir, "records", "", "folder of HubSpot record CSV exports (default: records/ in the export)")
	f.BoolVar(&fl.noRecords, "no-records", false, "skip the record-level checks even when record exports exist")
	f.StringVar(&fl.now, "now", "", "evaluate TODAY() and NOW() at this instant (RFC 3339 or YYYY-MM-DD) for reproducible reports")
	f.StringArrayVar(&fl.formats, "format", []string{"text"}, "output format: "+strings.Join(report.Formats(), ", ")+"; repeatable, FORMAT=FILE writes to a file")
	f.StringVarP(&fl.output, "output", "o", "", "write the (single) stdout format to this file instead")
	f.StringVar(&fl.failOn, "fail-on", "error", "exit 1 when a finding is at or above this severity: error, warning, note or none")
	f.StringVar(&fl.color, "color", "auto", "colour text output: auto, always or never (NO_COLOR is honoured)")
	f.BoolVarP(&fl.verbose, "verbose", "v", false, "show evidence, record examples and witnesses in text output")
	f.StringSliceVar(&fl.only, "rules", nil, "run only these rules (comma-separated IDs)")
	f.StringSliceVar(&fl.disable, "disable", nil, "do not run these rules (comma-separated IDs)")
	f.StringSliceVar(&fl.enable, "enable", nil, "run these rules even where the config switches them off (comma-separated IDs)")
	f.StringVar(&fl.severity, "severity", "note", "report only findings at or above this severity: error, warning or note")
	f.BoolVar(&fl.exitZero, "exit-zero", false, "exit 0 even when findings are at or above --fail-on (errors still exit 2)")
	f.StringVar(&fl.baseline, "baseline", "", "baseline file of accepted findings (default: "+filter.BaselineFileName+" in DIR, when it exists)")
	f.BoolVar(&fl.noBaseline, "no-baseline", false, "ignore the baseline file")
	f.StringVar(&fl.newFromRev, "new-from-rev", "", "report only findings in lines changed since this git revision (HEAD~1, origin/main, origin/main...HEAD)")
	f.BoolVar(&fl.showSuppressed, "show-suppressed", false, "also list findings hidden by synclint:ignore directives or the baseline")
	f.BoolVar(&fl.noInline, "no-inline-suppressions", false, "ignore synclint:ignore directives (audit what they hide)")
	return cmd
}

// outputSpec is one --format value: a format and where it goes.
type outputSpec struct {
	format string
	path   string // "" = stdout
}

func parseFormats(values []string, output string) ([]outputSpec, error) {
	var specs []outputSpec
	stdout := 0
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			spec := outputSpec{format: part}
			if i := strings.IndexByte(part, '='); i >= 0 {
				spec.format, spec.path = part[:i], part[i+1:]
				if spec.path == "" {
					return nil, fmt.Errorf("--format %s: empty file name", part)
				}
			}
			spec.format = strings.ToLower(spec.format)
			if !report.KnownFormat(spec.format) {
				return nil, fmt.Errorf("unknown format %q (want one of %s)", spec.format, strings.Join(report.Formats(), ", "))
			}
			if spec.path == "" {
				stdout++
				spec.path = output
			}
			specs = append(specs, spec)
		}
	}
	if stdout > 1 && output == "" {
		return nil, errors.New("only one --format may write to stdout; give the others a file (--format sarif=out.sarif)")
	}
	if len(specs) == 0 {
		specs = append(specs, outputSpec{format: "text", path: output})
	}
	return specs, nil
}

func runCheck(a *app, dir string, fl *checkFlags) error {
	if _, err := findings.ParseSeverity(fl.failOn); err != nil {
		return usageErr("--fail-on: %v", err)
	}
	minSev, err := findings.ParseSeverity(fl.severity)
	if err != nil || minSev == findings.SeverityNone {
		return usageErr("--severity must be error, warning or note, not %q", fl.severity)
	}
	formats := fl.formats
	if !fl.formatSet && fl.output != "" {
		// Code Analyzer's convention: the file name says the format.
		if f := report.FormatForFile(fl.output); f != "" {
			formats = []string{f}
		}
	}
	specs, err := parseFormats(formats, fl.output)
	if err != nil {
		return usageErr("%v", err)
	}
	useColor, err := colorEnabled(fl.color, a)
	if err != nil {
		return usageErr("%v", err)
	}
	ctx := context.Background()
	// The config's failOn and severity apply unless the flags are given;
	// the config is read by analyze, so peek at it first.
	if cfgPath := firstNonEmpty(fl.configPath, config.Find(dir)); cfgPath != "" && (!fl.failOnSet || !fl.severitySet) {
		if cfg, err := config.Load(cfgPath); err == nil {
			if !fl.failOnSet && cfg.FailOn != "" {
				fl.failOn = cfg.FailOn
			}
			if !fl.severitySet && cfg.Severity != "" {
				fl.severity = cfg.Severity
				minSev, _ = findings.ParseSeverity(cfg.Severity)
			}
		}
	}
	failOn, _ := findings.ParseSeverity(fl.failOn)
	an, err := analyze(ctx, dir, &analysisFlags{
		configPath: fl.configPath, hubspotDir: fl.hubspotDir, recordsDir: fl.recordsDir,
		noRecords: fl.noRecords, now: fl.now, only: fl.only, disable: fl.disable, enable: fl.enable,
	}, pipeline{
		baselinePath: fl.baseline, noBaseline: fl.noBaseline, newFromRev: fl.newFromRev,
		minSeverity: minSev, noInline: fl.noInline,
	})
	if err != nil {
		return err
	}
	doc := an.document(dir, fl.showSuppressed, fl.newFromRev)
	for _, spec := range specs {
		o := report.Options{Color: useColor && spec.path == "", Verbose: fl.verbose, Width: termWidth(a), SourceDir: an.in.Root}
		if err := writeReport(a, spec, doc, o); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		if spec.format == "github-actions" {
			if err := writeStepSummary(a, doc); err != nil {
				fmt.Fprintf(a.stderr, "synclint: GITHUB_STEP_SUMMARY: %v\n", err)
			}
		}
	}
	warnBaseline(a, doc)
	if toStdout := countStdout(specs); toStdout == 0 {
		// Every report went to a file: say what they hold.
		var files []string
		for _, s := range specs {
			files = append(files, s.path)
		}
		fmt.Fprintf(a.stderr, "synclint: %d findings (%s); wrote %s\n", doc.Summary.Total, summaryCounts(doc), strings.Join(files, ", "))
	}
	if failOn != findings.SeverityNone && !fl.exitZero {
		for _, f := range doc.Findings {
			if f.Severity >= failOn {
				return &exitError{code: exitFindings}
			}
		}
	}
	return nil
}

func countStdout(specs []outputSpec) int {
	n := 0
	for _, s := range specs {
		if s.path == "" {
			n++
		}
	}
	return n
}

// summaryCounts says "3 errors, 1 warning" or "none".
func summaryCounts(doc *report.Document) string {
	var parts []string
	for _, sev := range []string{"error", "warning", "note"} {
		if n := doc.Summary.BySeverity[sev]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, sev+pick(n, "", "s")))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// writeStepSummary appends the Markdown report to $GITHUB_STEP_SUMMARY, the
// job summary GitHub shows, when the variable is set: annotations show only
// 10 errors and 10 warnings, the summary shows everything.
func writeStepSummary(a *app, doc *report.Document) error {
	path := a.getenv("GITHUB_STEP_SUMMARY")
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if err := report.Write(f, "markdown", doc, report.Options{}); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// warnBaseline tells on stderr about baseline entries that match nothing or
// have expired.
func warnBaseline(a *app, doc *report.Document) {
	b := doc.Baseline
	if b == nil {
		return
	}
	if n := len(b.Stale); n > 0 {
		fmt.Fprintf(a.stderr, "synclint: baseline %s: %d %s no finding any more; run `synclint baseline prune` to remove %s\n",
			b.File, n, pick(n, "entry matches", "entries match"), pick(n, "it", "them"))
	}
	if n := len(b.Expired); n > 0 {
		fmt.Fprintf(a.stderr, "synclint: baseline %s: %d %s expired; %s reported again\n",
			b.File, n, pick(n, "entry has", "entries have"), pick(n, "its finding is", "their findings are"))
	}
}

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func writeReport(a *app, spec outputSpec, doc *report.Document, o report.Options) error {
	if spec.path == "" {
		return report.Write(a.stdout, spec.format, doc, o)
	}
	return writeFileAtomic(spec.path, func(w io.Writer) error {
		return report.Write(w, spec.format, doc, o)
	})
}

// writeFileAtomic writes through a temporary file renamed into place, so a
// failed run never leaves a half-written report.
func writeFileAtomic(path string, fill func(io.Writer) error) error {
	dir := "."
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		dir = path[:i+1]
	}
	tmp, err := os.CreateTemp(dir, ".synclint-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := fill(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func colorEnabled(mode string, a *app) (bool, error) {
	switch mode {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto", "":
		// NO_COLOR (no-color.org): present and non-empty disables colour.
		if a.getenv("NO_COLOR") != "" {
			return false, nil
		}
		if f, ok := a.stdout.(*os.File); ok {
			return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()), nil
		}
		return false, nil
	}
	return false, fmt.Errorf("--color must be auto, always or never, not %q", mode)
}

func termWidth(a *app) int {
	if cols := a.getenv("COLUMNS"); cols != "" {
		var n int
		if _, err := fmt.Sscanf(cols, "%d", &n); err == nil && n > 0 {
			return n
		}
	}
	return 120
}
