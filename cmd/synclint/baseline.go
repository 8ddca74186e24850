package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/synclint/synclint/findings/filter"
)

func init() { register(newBaselineCmd) }

func newBaselineCmd(a *app) *cobra.Command {
	var af analysisFlags
	var file, reason, expires string
	cmd := &cobra.Command{
		Use:   "baseline",
		Short: "Accept today's findings so that check fails only on new ones",
		Long: `A baseline lists accepted findings, so that a team adopting synclint on an
existing org fails its pipeline only on new problems. check reads
` + filter.BaselineFileName + ` from the checked folder automatically (or --baseline
FILE) and reports only findings it does not list; it warns about entries that match
nothing any more.

Entries are keyed by rule, component and the finding's semantic fingerprint, never
by line: reformatting or re-retrieving metadata keeps them valid. Each entry may
carry a reason and an expiry date (YYYY-MM-DD), after which its finding is reported
again. Commit the file.`,
	}
	addAnalysisFlags := func(c *cobra.Command) {
		f := c.Flags()
		f.StringVar(&af.configPath, "config", "", "config file (default: synclint.yaml in DIR or a parent)")
		f.StringVar(&af.hubspotDir, "hubspot", "", "HubSpot export folder (default: hubspot: in the config)")
		f.StringVar(&af.recordsDir, "records", "", "folder of HubSpot record CSV exports")
		f.BoolVar(&af.noRecords, "no-records", false, "skip the record-level checks")
		f.StringSliceVar(&af.only, "rules", nil, "only these rules (entries of other rules are kept as they are)")
		f.StringSliceVar(&af.disable, "disable", nil, "not these rules")
		f.StringVar(&file, "baseline", "", "baseline file (default: "+filter.BaselineFileName+" in DIR)")
	}
	create := &cobra.Command{
		Use:   "create [DIR]",
		Short: "Write the baseline from the current findings",
		Long: `create runs the checks like check and writes every finding that is not suppressed
by a synclint:ignore directive into the baseline. Reasons and expiry dates of
entries already in the file are kept; --reason and --expires fill them for the
others.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := dirArg(args)
			if expires != "" {
				if _, err := time.Parse(time.DateOnly, expires); err != nil {
					return usageErr("--expires must be a date (YYYY-MM-DD), not %q", expires)
				}
			}
			an, err := analyze(context.Background(), dir, &af, pipeline{noBaseline: true})
			if err != nil {
				return err
			}
			path := baselineFile(an, file)
			var previous *filter.Baseline
			if b, err := filter.LoadBaseline(path); err == nil {
				previous = b
			}
			b := filter.NewBaseline(an.outcome.Findings, previous)
			b.SetReason(reason, expires)
			if err := writeFileAtomic(path, b.Write); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			fmt.Fprintf(a.stdout, "synclint: wrote %s: %d findings in %d entries\n", displayPath(an.in.Root, path), len(an.outcome.Findings), len(b.Entries))
			return nil
		},
	}
	addAnalysisFlags(create)
	create.Flags().StringVar(&reason, "reason", "", "reason recorded on new entries (why the findings are accepted)")
	create.Flags().StringVar(&expires, "expires", "", "expiry date recorded on new entries (YYYY-MM-DD)")

	prune := &cobra.Command{
		Use:   "prune [DIR]",
		Short: "Remove baseline entries that match no finding any more",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := dirArg(args)
			an, err := analyze(context.Background(), dir, &af, pipeline{noBaseline: true})
			if err != nil {
				return err
			}
			path := baselineFile(an, file)
			b, err := filter.LoadBaseline(path)
			if err != nil {
				return usageErr("baseline: %v", err)
			}
			pruned, removed := b.Prune(an.outcome.Findings, an.ran)
			if removed == 0 {
				fmt.Fprintf(a.stdout, "synclint: %s: every entry still matches a finding\n", displayPath(an.in.Root, path))
				return nil
			}
			if err := writeFileAtomic(path, pruned.Write); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			fmt.Fprintf(a.stdout, "synclint: %s: removed %d accepted %s; %d entries left\n",
				displayPath(an.in.Root, path), removed, pick(removed, "finding", "findings"), len(pruned.Entries))
			return nil
		},
	}
	addAnalysisFlags(prune)
	cmd.AddCommand(create, prune)
	return cmd
}

func dirArg(args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return "."
}

// baselineFile is --baseline, the config's baseline:, or the default file in
// the checked folder.
func baselineFile(an *analysis, flag string) string {
	switch {
	case flag != "":
		return flag
	case an.in.Config.Baseline != "":
		return an.in.Config.Resolve(an.in.Config.Baseline)
	}
	return filepath.Join(an.in.Root, filter.BaselineFileName)
}
