package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/synclint/synclint/hubspotschema"
)

func init() { register(newHubspotCmd) }

func newHubspotCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hubspot",
		Short: "Work with the HubSpot side: export a portal's schema",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(newHubspotPullCmd(a))
	return cmd
}

func newHubspotPullCmd(a *app) *cobra.Command {
	var (
		out     string
		objects []string
		records int
		apiBase string
	)
	cmd := &cobra.Command{
		Use:   "pull --out DIR",
		Short: "Export a HubSpot portal's properties, pipelines, owners, associations and schemas",
		Long: `Export a HubSpot portal's schema through HubSpot's public CRM APIs into DIR, in
the layout synclint reads (point hubspot: in synclint.yaml at DIR):

  properties/<objectType>.json   pipelines/deals.json, pipelines/tickets.json
  owners.json                    associations/<from>-<to>.json
  schemas.json                   records/<objectType>.csv (with --records N)

The access token is read from HUBSPOT_ACCESS_TOKEN: a private app token with
read scopes (crm.schemas.contacts.read, crm.schemas.companies.read,
crm.schemas.deals.read, tickets, crm.objects.owners.read,
crm.schemas.custom.read, and crm.objects.*.read for --records). It is never
printed or written. An endpoint refused for a missing scope is skipped and
named with the scope it needs.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return usageErr("hubspot pull needs --out DIR")
			}
			if records < 0 {
				return usageErr("--records must be 0 or more")
			}
			token := strings.TrimSpace(a.getenv("HUBSPOT_ACCESS_TOKEN"))
			if token == "" {
				return usageErr("%v", hubspotschema.ErrNoToken)
			}
			base := apiBase
			if base == "" {
				base = a.getenv("HUBSPOT_API_BASE")
			}
			opts := hubspotschema.PullOptions{
				BaseURL:    base,
				Token:      token,
				Objects:    objects,
				Records:    records,
				OutDir:     out,
				HTTPClient: &http.Client{Timeout: 2 * time.Minute},
			}
			if hubspotIsTerminal(a.stderr) {
				opts.Progress = a.stderr
			}
			sum, err := hubspotschema.Pull(cmd.Context(), opts)
			if err != nil {
				var ae *hubspotschema.APIError
				if errors.As(err, &ae) && ae.Status == http.StatusUnauthorized {
					return &exitError{code: exitUsage, err: err}
				}
				if errors.Is(err, hubspotschema.ErrUnknownObject) {
					return usageErr("--objects: %v", err)
				}
				return &exitError{code: exitUsage, err: fmt.Errorf("hubspot pull: %w", err)}
			}
			printPullSummary(a.stdout, a.stderr, out, sum)
			if len(sum.Properties) == 0 {
				return &exitError{code: exitUsage, err: errors.New("hubspot pull: no properties could be exported; see the skipped endpoints above")}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&out, "out", "", "folder to write the export to (created if missing)")
	f.StringSliceVar(&objects, "objects", nil, "objects to export: contacts,companies,deals,tickets,custom (default all)")
	f.IntVar(&records, "records", 0, "also export the first N records of each object as CSV")
	f.StringVar(&apiBase, "api-base", "", "HubSpot API base URL (default $HUBSPOT_API_BASE or "+hubspotschema.DefaultAPIBase+")")
	return cmd
}

func printPullSummary(stdout, stderr io.Writer, out string, sum hubspotschema.PullSummary) {
	fmt.Fprintf(stdout, "Wrote %d files to %s (%d requests", len(sum.Files), out, sum.Requests)
	if sum.Retries > 0 {
		fmt.Fprintf(stdout, ", %d retried", sum.Retries)
	}
	fmt.Fprintln(stdout, ")")
	objs := make([]string, 0, len(sum.Properties))
	for k := range sum.Properties {
		objs = append(objs, k)
	}
	sort.Strings(objs)
	for _, o := range objs {
		fmt.Fprintf(stdout, "  %-12s %4d properties", o, sum.Properties[o])
		if n, ok := sum.Pipelines[o]; ok {
			fmt.Fprintf(stdout, ", %d pipelines", n)
		}
		if n, ok := sum.Records[o]; ok {
			fmt.Fprintf(stdout, ", %d records", n)
		}
		fmt.Fprintln(stdout)
	}
	fmt.Fprintf(stdout, "  owners %d, association types %d, object schemas %d\n", sum.Owners, sum.AssociationLabels, sum.Schemas)
	for _, s := range sum.Skipped {
		fmt.Fprintf(stderr, "synclint: skipped %s: %s\n", s.File, s.Reason)
	}
}

func hubspotIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
