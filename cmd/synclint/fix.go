package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/synclint/synclint/config"
	"github.com/synclint/synclint/findings"
)

func init() { register(newFixCmd) }

type fixFlags struct {
	configPath string
	hubspotDir string
	users      []string
	style      string
	rules      []string
	permission string
	setting    string
	write      bool
}

func newFixCmd(a *app) *cobra.Command {
	var fl fixFlags
	cmd := &cobra.Command{
		Use:   "fix [DIR]",
		Short: "Patch the validation rules that block the integration so they exempt the integration user",
		Long: `fix rewrites the errorConditionFormula of every validation rule PV11 reports so
the integration user is exempt and everybody else sees the rule unchanged:

  username    AND($User.Username <> "integration@acme.com", (original))   (default)
  permission  AND(NOT($Permission.Name), (original)), plus the custom permission
              and a permission set granting it when the org lacks them
  setting     AND(NOT($Setup.Setting__c.Field__c), (original)), plus the hierarchy
              custom setting and its checkbox when the org lacks them

Only the formula text changes; every other byte of the file, its XML escaping and
its line endings stay as they are. Each rewrite is parsed, type-checked and
verified by evaluation before it is proposed. Rules of managed packages are never
patched. Without --write, fix prints a unified diff that ` + "`git apply`" + ` accepts from DIR;
with --write it edits the files in place (each file atomically).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return runFix(a, dir, &fl)
		},
	}
	f := cmd.Flags()
	f.StringVar(&fl.configPath, "config", "", "config file (default: synclint.yaml in DIR or a parent)")
	f.StringVar(&fl.hubspotDir, "hubspot", "", "HubSpot export folder (default: hubspot: in the config)")
	f.StringArrayVar(&fl.users, "integration-user", nil, "integration username to exempt (repeatable; default: integrationUsers in the config)")
	f.StringVar(&fl.style, "style", "username", "how the rule exempts the integration user: username, permission or setting")
	f.StringSliceVar(&fl.rules, "rules", nil, "rules whose findings to patch (only PV11 has patches)")
	f.StringVar(&fl.permission, "permission", "", "custom permission for --style permission (default: a bypass permission the integration user holds, else "+findings.DefaultBypassPermission+")")
	f.StringVar(&fl.setting, "setting", "", "Setting__c.Field__c for --style setting (default: a bypass checkbox of a hierarchy setting, else "+findings.DefaultBypassSetting+"."+findings.DefaultBypassSettingField+")")
	f.BoolVar(&fl.write, "write", false, "edit the files in place instead of printing a diff")
	return cmd
}

func runFix(a *app, dir string, fl *fixFlags) error {
	style, err := findings.ParseFixStyle(fl.style)
	if err != nil {
		return usageErr("--style: %v", err)
	}
	if err := checkRuleIDs("--rules", fl.rules); err != nil {
		return err
	}
	opts := findings.FixOptions{Style: style, Users: fl.users, Rules: fl.rules, Permission: fl.permission}
	if fl.setting != "" {
		parts := strings.Split(fl.setting, ".")
		if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
			return usageErr("--setting must be Setting__c.Field__c, not %q", fl.setting)
		}
		opts.Setting, opts.SettingField = parts[0], parts[1]
	}
	in, err := findings.LoadInput(findings.LoadOptions{Dir: dir, ConfigPath: fl.configPath, HubSpotDir: fl.hubspotDir})
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) {
			return &exitError{code: exitUsage, err: fmt.Errorf("config: %w", err)}
		}
		return &exitError{code: exitUsage, err: err}
	}
	plan, err := findings.PlanFixes(in, opts)
	if err != nil {
		return usageErr("%v", err)
	}
	for _, s := range plan.Skipped {
		fmt.Fprintf(a.stderr, "synclint fix: %s (%s:%d) not patched: %s\n", s.Rule, s.File, s.Line, s.Reason)
	}
	if !fl.write {
		fmt.Fprint(a.stdout, plan.Diff())
		fmt.Fprintf(a.stderr, "synclint fix: %d %s patched, %d not patched; apply with `git apply` in %s or run again with --write\n",
			len(plan.Rules), pick(len(plan.Rules), "rule", "rules"), len(plan.Skipped), dir)
		return nil
	}
	written, errs := plan.Write()
	for _, f := range written {
		fmt.Fprintf(a.stderr, "synclint fix: wrote %s\n", f)
	}
	if len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintf(a.stderr, "synclint fix: %v (file left unchanged)\n", e)
		}
		return &exitError{code: exitFindings}
	}
	fmt.Fprintf(a.stderr, "synclint fix: %d %s patched, %d not patched\n", len(plan.Rules), pick(len(plan.Rules), "rule", "rules"), len(plan.Skipped))
	return nil
}
