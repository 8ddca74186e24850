package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/synclint/synclint/config"
	"github.com/synclint/synclint/findings"
	"github.com/synclint/synclint/findings/filter"
	"github.com/synclint/synclint/findings/report"
	"github.com/synclint/synclint/internal/version"
)

// analysisFlags are the flags every command that analyses an org shares
// (check, baseline create, baseline prune).
type analysisFlags struct {
	configPath string
	hubspotDir string
	recordsDir string
	noRecords  bool
	only       []string
	disable    []string
	enable     []string
	// now is --now: the instant TODAY() and NOW() evaluate at (RFC 3339).
	now string
}

// clock parses --now; zero means the current time.
func (af *analysisFlags) clock() (time.Time, error) {
	if af.now == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, af.now)
	if err != nil {
		if d, derr := time.Parse("2006-01-02", af.now); derr == nil {
			return d, nil
		}
		return time.Time{}, usageErr("--now: want an RFC 3339 time (2026-12-03T09:00:00Z) or a date, not %q", af.now)
	}
	return t, nil
}

// pipeline says which post-processing steps run.
type pipeline struct {
	// baselinePath is --baseline ("" = the config's or the default file when
	// it exists); noBaseline is --no-baseline.
	baselinePath string
	noBaseline   bool
	newFromRev   string
	minSeverity  findings.Severity
	// noInline turns synclint:ignore directives off.
	noInline bool
}

// analysis is the outcome of loading, analysing and post-processing.
type analysis struct {
	in      *findings.Input
	res     *findings.Result
	ran     []string
	outcome *filter.Outcome
	// baseline is the baseline applied (nil: none); baselinePath its file.
	baseline     *filter.Baseline
	baselinePath string
	// base is the checked folder's path from the repository root.
	base string
}

// checkRuleIDs rejects rule IDs the catalog does not know.
func checkRuleIDs(flag string, ids []string) error {
	for _, id := range ids {
		if findings.LookupRule(id) == nil {
			return usageErr("%s: no rule %q (see `synclint rules`)", flag, id)
		}
	}
	return nil
}

// analyze loads the folder, runs the rules and the post-processing.
func analyze(ctx context.Context, dir string, af *analysisFlags, p pipeline) (*analysis, error) {
	for flag, ids := range map[string][]string{"--rules": af.only, "--disable": af.disable, "--enable": af.enable} {
		if err := checkRuleIDs(flag, ids); err != nil {
			return nil, err
		}
	}
	for _, e := range af.enable {
		for _, d := range af.disable {
			if strings.EqualFold(e, d) {
				return nil, usageErr("rule %s is both enabled and disabled", strings.ToUpper(e))
			}
		}
	}
	in, err := findings.LoadInput(findings.LoadOptions{
		Dir:        dir,
		ConfigPath: af.configPath,
		HubSpotDir: af.hubspotDir,
		RecordsDir: af.recordsDir,
	})
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) {
			return nil, &exitError{code: exitUsage, err: fmt.Errorf("config: %w", err)}
		}
		return nil, &exitError{code: exitUsage, err: err}
	}
	// --enable switches on a rule the config switches off.
	for _, id := range af.enable {
		id = strings.ToUpper(id)
		rc := in.Config.Rules[id]
		on := true
		rc.Enabled = &on
		if strings.EqualFold(rc.Severity, "off") {
			rc.Severity = ""
		}
		if in.Config.Rules == nil {
			in.Config.Rules = map[string]config.RuleConfig{}
		}
		in.Config.Rules[id] = rc
	}
	now, err := af.clock()
	if err != nil {
		return nil, err
	}
	opts := findings.Options{Only: af.only, Disable: af.disable, Records: !af.noRecords, Now: now}
	a := &analysis{in: in, res: findings.Analyze(in, opts), ran: findings.EnabledRules(opts, in.Config)}
	a.base = repoBase(ctx, dir)

	fo := filter.Options{Root: in.Root, Org: in.Org, Config: in.Config, Ran: a.ran, NoInline: p.noInline,
		MinSeverity: p.minSeverity, Now: a.res.Now}
	if !p.noBaseline {
		path := p.baselinePath
		explicit := path != ""
		if path == "" && in.Config.Baseline != "" {
			path, explicit = in.Config.Resolve(in.Config.Baseline), true
		}
		if path == "" {
			path = filepath.Join(in.Root, filter.BaselineFileName)
		}
		b, err := filter.LoadBaseline(path)
		switch {
		case err == nil:
			a.baseline, a.baselinePath = b, path
			fo.Baseline = b
		case errors.Is(err, os.ErrNotExist) && !explicit:
		default:
			return nil, usageErr("baseline: %v", err)
		}
	}
	if p.newFromRev != "" {
		cs, err := filter.GitChanges(ctx, in.Root, p.newFromRev)
		if err != nil {
			return nil, usageErr("%v", err)
		}
		fo.Changes = cs
	}
	a.outcome = filter.Apply(a.res.Findings, fo)
	return a, nil
}

// repoBase is the checked folder's path from the repository root: git's
// answer inside a repository, else the folder as given when it is relative
// and inside the current folder.
func repoBase(ctx context.Context, dir string) string {
	if prefix, err := filter.GitPrefix(ctx, dir); err == nil {
		return strings.TrimSuffix(prefix, "/")
	}
	clean := filepath.ToSlash(filepath.Clean(dir))
	if filepath.IsAbs(dir) || clean == "." || strings.HasPrefix(clean, "../") || clean == ".." {
		return ""
	}
	return clean
}

// document assembles the report of an analysis.
func (a *analysis) document(root string, showSuppressed bool, newFromRev string) *report.Document {
	v, _, _ := version.Info()
	b := report.Build{
		Result: a.res, Outcome: a.outcome, Org: a.in.Org,
		Root: root, Base: a.base, SourceDir: a.in.Root, Version: v, Ran: a.ran,
		ShowSuppressed: showSuppressed, NewFromRev: newFromRev,
	}
	if a.baseline != nil {
		b.Baseline = a.baseline
		b.BaselineFile = displayPath(a.in.Root, a.baselinePath)
	}
	return b.Document()
}

// displayPath names p relative to root when it is inside it.
func displayPath(root, p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		if r, err := filepath.Rel(root, abs); err == nil && !strings.HasPrefix(r, "..") {
			return filepath.ToSlash(r)
		}
	}
	return p
}
