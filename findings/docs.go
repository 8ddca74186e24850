package findings

import (
	"fmt"
	"strings"
)

// RuleMarkdown renders a rule's documentation page: the source of
// docs/rules/<ID>.md and of `synclint rules explain`.
func RuleMarkdown(r *Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s: %s\n\n", r.ID, r.Title)
	fmt.Fprintf(&b, "| | |\n|---|---|\n")
	fmt.Fprintf(&b, "| Name | `%s` |\n", r.Name)
	fmt.Fprintf(&b, "| Default severity | %s |\n", r.Severity)
	fmt.Fprintf(&b, "| Category | %s |\n", r.Category)
	fmt.Fprintf(&b, "| Precision | %s |\n", r.Precision)
	if r.Bucket != BucketNone {
		fmt.Fprintf(&b, "| HubSpot sync-error category | %s |\n", r.Bucket)
	}
	if len(r.Tags) > 0 {
		fmt.Fprintf(&b, "| Tags | %s |\n", strings.Join(r.Tags, ", "))
	}
	fmt.Fprintf(&b, "\n%s\n\n", r.Summary)
	fmt.Fprintf(&b, "## What is checked\n\n%s\n\n", strings.TrimSpace(r.Doc))
	fmt.Fprintf(&b, "## How to fix\n\n%s\n", r.Fix)
	return b.String()
}
