package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
	"github.com/synclint/synclint/config"
	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/findings/report"
	"github.com/synclint/synclint/internal/version"
)

func init() { register(newCheckCmd) }

type checkFlags struct {
	configPath string
	hubspotDir string
	recordsDir string
	noRecords  bool
	formats    []string
	output     string
	failOn     string
	color      string
	verbose    bool
	only       []string
	disable    []string
}

func newCheckCmd(a *app) *cobra.Command {
	var fl checkFlags
	cmd := &cobra.Command{
		Use:   "check [DIR]",
		Short: "Report what in the org will reject HubSpot integration writes",
		Long: `check reads the Salesforce metadata in DIR (default: the current folder), the
HubSpot export named in synclint.yaml (or --hubspot), joins them through the field
mapping and reports every configuration that will reject an integration write.

Exit status: 0 when nothing is at or above --fail-on, 1 when something is, 2 on a
usage error, a bad config, or when nothing could be read.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return runCheck(a, dir, &fl)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.configPath, "config", "", "config file (default: synclint.yaml in DIR or a parent, up to the repository root)")
	f.StringVar(&fl.hubspotDir, "hubspot", "", "HubSpot export folder (default: hubspot: in the config)")
	f.StringVar(&fl.recordsDir, "records", "", "folder of HubSpot record CSV exports (default: records/ in the export)")
	f.BoolVar(&fl.noRecords, "no-records", false, "skip the record-level checks even when record exports exist")
	f.StringArrayVar(&fl.formats, "format", []string{"text"}, "output format: "+strings.Join(report.Formats(), ", ")+"; repeatable, FORMAT=FILE writes to a file")
	f.StringVarP(&fl.output, "output", "o", "", "write the (single) stdout format to this file instead")
	f.StringVar(&fl.failOn, "fail-on", "error", "exit 1 when a finding is at or above this severity: error, warning, note or none")
	f.StringVar(&fl.color, "color", "auto", "colour text output: auto, always or never (NO_COLOR is honoured)")
	f.BoolVarP(&fl.verbose, "verbose", "v", false, "show evidence, record examples and witnesses in text output")
	f.StringSliceVar(&fl.only, "rules", nil, "run only these rules (comma-separated IDs)")
	f.StringSliceVar(&fl.disable, "disable", nil, "do not run these rules (comma-separated IDs)")
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
	failOn, err := findings.ParseSeverity(fl.failOn)
	if err != nil {
		return usageErr("--fail-on: %v", err)
	}
	specs, err := parseFormats(fl.formats, fl.output)
	if err != nil {
		return usageErr("%v", err)
	}
	useColor, err := colorEnabled(fl.color, a)
	if err != nil {
		return usageErr("%v", err)
	}
	in, err := findings.LoadInput(findings.LoadOptions{
		Dir:        dir,
		ConfigPath: fl.configPath,
		HubSpotDir: fl.hubspotDir,
		RecordsDir: fl.recordsDir,
	})
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) {
			return &exitError{code: exitUsage, err: fmt.Errorf("config: %w", err)}
		}
		return &exitError{code: exitUsage, err: err}
	}
	res := findings.Analyze(in, findings.Options{
		Only:    fl.only,
		Disable: fl.disable,
		Records: !fl.noRecords,
	})
	v, _, _ := version.Info()
	doc := report.NewDocument(res, dir, v)
	for _, spec := range specs {
		if err := writeReport(a, spec, doc, report.Options{Color: useColor && spec.path == "", Verbose: fl.verbose, Width: termWidth(a)}); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	}
	if failOn != findings.SeverityNone {
		for _, f := range res.Findings {
			if f.Severity >= failOn {
				return &exitError{code: exitFindings}
			}
		}
	}
	return nil
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
