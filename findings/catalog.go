package findings

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Category groups rules the way error-taxonomy.md does.
type Category string

// Rule categories.
const (
	CategoryPropertyValue Category = "property-value"
	CategoryAssociation   Category = "association"
	CategoryAutomation    Category = "automation"
	CategoryAccess        Category = "access"
	CategoryTool          Category = "tool"
)

// Precision says how often a rule's findings are right, in SARIF's terms
// (very-high, high, medium, low).
type Precision string

// Precision levels.
const (
	PrecisionVeryHigh Precision = "very-high"
	PrecisionHigh     Precision = "high"
	PrecisionMedium   Precision = "medium"
	PrecisionLow      Precision = "low"
)

// HubSpotBucket is the sync-error category HubSpot files such rejections
// under (knowledge.hubspot.com/salesforce/resolve-salesforce-integration-sync-errors).
type HubSpotBucket string

// HubSpot's sync-error buckets.
const (
	BucketPropertyValues HubSpotBucket = "Property values"
	BucketAssociations   HubSpotBucket = "Associations"
	BucketCustomCode     HubSpotBucket = "Custom code"
	BucketDuplicates     HubSpotBucket = "Duplicates"
	BucketPermissions    HubSpotBucket = "Permissions"
	BucketNone           HubSpotBucket = ""
)

// Rule is one entry of the catalog: a check and its documentation. The
// documentation is the source of `synclint rules`, docs/rules/<ID>.md and
// the SARIF rule descriptors.
type Rule struct {
	// ID is stable and never reused: PV01, AS04, AU02, SL01.
	ID string
	// Name is a kebab-case slug (picklist-value-missing).
	Name string
	// Title is one line, no trailing period.
	Title    string
	Category Category
	Severity Severity
	// Summary is one or two sentences: what goes wrong.
	Summary string
	// Doc is the long Markdown documentation: what is checked statically and
	// with records, the Salesforce behaviour behind it (with sources), and
	// an example.
	Doc string
	// Fix is the generic remedy, one or two sentences ending with a period.
	Fix       string
	Tags      []string
	Precision Precision
	Bucket    HubSpotBucket
	// Run performs the static check; it may register record visitors with
	// Pass.OnRecords. Nil for diagnostics produced elsewhere (SL rules).
	Run func(*Pass)
}

var (
	catalogMu sync.Mutex
	catalog   = map[string]*Rule{}
)

var ruleIDPattern = regexp.MustCompile(`^(PV|AS|AU|SL)[0-9]{2}$`)
var ruleNamePattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// Register adds a rule to the catalog and returns it; it panics on an
// invalid or duplicate entry, so a bad catalog never builds a binary that
// passes its tests.
func Register(r *Rule) *Rule {
	if err := validateRule(r); err != nil {
		panic(err)
	}
	catalogMu.Lock()
	defer catalogMu.Unlock()
	if _, dup := catalog[r.ID]; dup {
		panic(fmt.Sprintf("findings: rule %s registered twice", r.ID))
	}
	catalog[r.ID] = r
	return r
}

func validateRule(r *Rule) error {
	switch {
	case !ruleIDPattern.MatchString(r.ID):
		return fmt.Errorf("findings: bad rule id %q", r.ID)
	case !ruleNamePattern.MatchString(r.Name):
		return fmt.Errorf("findings: rule %s: bad name %q", r.ID, r.Name)
	case r.Title == "" || strings.HasSuffix(r.Title, "."):
		return fmt.Errorf("findings: rule %s: title must be set and not end with a period", r.ID)
	case r.Summary == "" || r.Doc == "":
		return fmt.Errorf("findings: rule %s: summary and doc are required", r.ID)
	case r.Fix == "" || !strings.HasSuffix(strings.TrimSpace(r.Fix), "."):
		return fmt.Errorf("findings: rule %s: fix must be a sentence ending with a period", r.ID)
	case r.Severity < Note || r.Severity > Error:
		return fmt.Errorf("findings: rule %s: no default severity", r.ID)
	case r.Category == "":
		return fmt.Errorf("findings: rule %s: no category", r.ID)
	case r.Precision == "":
		return fmt.Errorf("findings: rule %s: no precision", r.ID)
	}
	return nil
}

// Rules returns the catalog sorted by ID.
func Rules() []*Rule {
	catalogMu.Lock()
	defer catalogMu.Unlock()
	out := make([]*Rule, 0, len(catalog))
	for _, r := range catalog {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// LookupRule returns the rule with the given ID (case-insensitive).
func LookupRule(id string) *Rule {
	catalogMu.Lock()
	defer catalogMu.Unlock()
	return catalog[strings.ToUpper(strings.TrimSpace(id))]
}

// HelpURI is where a rule's generated documentation lives.
func (r *Rule) HelpURI() string {
	return "https://github.com/synclint/synclint/blob/main/docs/rules/" + r.ID + ".md"
}
