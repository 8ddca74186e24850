package findings

import (
	"fmt"
	"sort"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// AS05 finds HubSpot association labels nothing in Salesforce represents.
var AS05 = Register(&Rule{
	ID:        "AS05",
	Name:      "association-label-unmapped",
	Title:     "Association label with no Salesforce equivalent",
	Category:  CategoryAssociation,
	Severity:  Warning,
	Precision: PrecisionHigh,
	Bucket:    BucketAssociations,
	Tags:      []string{"association", "association-label"},
	Summary:   "A custom HubSpot association label (USER_DEFINED or INTEGRATOR_DEFINED) between two synced objects has no Salesforce lookup, junction object or association mapping to carry it.",
	Doc: `HubSpot association labels describe a relationship ("Decision Maker",
"Billing Contact"); portals define their own (category USER_DEFINED, or
INTEGRATOR_DEFINED for apps), next to HubSpot's built-in ones (HUBSPOT_DEFINED:
Primary and the unlabeled default). The labels API returns
{category, typeId, label} per pair (hubspot-exports.md §2.4;
developers.hubspot.com/docs/api-reference/latest/crm/associations/associations-schema/guide).
The integration maps the primary company onto Contact.AccountId and
Opportunity.AccountId and deal contacts onto OpportunityContactRole
(knowledge.hubspot.com/de/salesforce/sync-salesforce-opportunities-to-hubspot);
a label it has nowhere to put is lost.

What is checked statically: every labelled association type of category
USER_DEFINED or INTEGRATOR_DEFINED between two object types that both sync
to Salesforce. Unlabelled types (label null) are the default association
of the pair and are skipped — custom object pairs export their default
with category USER_DEFINED (fixture note). A label is represented when an
association mapping in synclint.yaml names it (label:), or when the
checkout holds a junction that can carry it: AccountContactRelation (with
a Roles picklist) for contacts↔companies, OpportunityContactRole for
deals↔contacts, or a custom junction object: relationships to both synced
objects, at least one of them master-detail (objects with lookups only,
such as import staging objects, are not junctions).

With records: the association export of the pair (records/<from>-<to>.csv)
is read once and the rows carrying the label are counted.`,
	Fix: "Map the label onto a junction object (synclint.yaml associations: with junction: and label:), or stop relying on the label for data Salesforce needs.",
	Run: runAS05,
})

func runAS05(p *Pass) {
	for _, ap := range Relations(p).Pairs {
		if len(ap.FromObjects) == 0 || len(ap.ToObjects) == 0 {
			continue
		}
		for _, al := range ap.Labels {
			from, to := hubspotObjectName(p, al.From), hubspotObjectName(p, al.To)
			for i := range al.Labels {
				l := &al.Labels[i]
				if strings.TrimSpace(l.Label) == "" || (l.Category != "USER_DEFINED" && l.Category != "INTEGRATOR_DEFINED") {
					continue
				}
				if labelMapped(ap, l.Label) {
					continue
				}
				if j := junctionFor(p, ap); j != "" {
					continue
				}
				reportAS05(p, ap, al, l, from, to)
			}
		}
	}
}

func labelMapped(ap *AssociationPair, label string) bool {
	for _, at := range ap.Mappings {
		if strings.EqualFold(at.Mapping.Label, label) {
			return true
		}
	}
	return false
}

// junctionFor returns an object of the checkout that can hold labelled
// associations of the pair, or "".
func junctionFor(p *Pass, ap *AssociationPair) string {
	pair := map[string]bool{ap.From: true, ap.To: true}
	standard := func(name string) string {
		if o := p.Org.Object(name); o != nil && !o.Builtin {
			return o.Name
		}
		return ""
	}
	switch {
	case pair["contacts"] && pair["companies"]:
		if j := standard("AccountContactRelation"); j != "" {
			return j
		}
	case pair["deals"] && pair["contacts"]:
		if j := standard("OpportunityContactRole"); j != "" {
			return j
		}
	}
	// A custom junction: relationships to both sides, at least one of them
	// master-detail (the junction pattern of Salesforce Help, "Create a
	// Many-to-Many Object Relationship"). Objects with lookups only
	// (staging, import or activity objects) are not junctions. Sorted for
	// a stable answer.
	var names []string
	for _, obj := range p.Org.Objects {
		if !obj.Custom || obj.Builtin || p.Sync.Object(obj.Name) != nil {
			// A synced object stands for its own HubSpot object, not
			// for a relationship between two others.
			continue
		}
		a, amd := refersTo(obj, ap.FromObjects)
		b, bmd := refersTo(obj, ap.ToObjects)
		if a && b && (amd || bmd) {
			names = append(names, obj.Name)
		}
	}
	if len(names) > 0 {
		sort.Strings(names)
		return names[0]
	}
	return ""
}

// refersTo reports whether obj has a lookup or master-detail to one of the
// targets, and whether one of them is master-detail.
func refersTo(obj *metadata.Object, targets []*SyncedObject) (found, masterDetail bool) {
	for _, f := range obj.Fields {
		if f.Type != metadata.TypeLookup && f.Type != metadata.TypeMasterDetail {
			continue
		}
		for _, ref := range f.ReferenceTo {
			if containsObject(targets, ref) {
				found = true
				masterDetail = masterDetail || f.Type == metadata.TypeMasterDetail
			}
		}
	}
	return found, masterDetail
}

func containsObject(os []*SyncedObject, name string) bool {
	for _, o := range os {
		if strings.EqualFold(o.Name, name) {
			return true
		}
	}
	return false
}

func reportAS05(p *Pass, ap *AssociationPair, al *hubspotschema.AssociationLabels, l *hubspotschema.AssociationLabel, from, to string) {
	pos := l.Pos
	if pos.File == "" {
		pos = al.Pos
	}
	comp := fmt.Sprintf("%s-%s %q", from, to, l.Label)
	ev := Evidence{}.Add("label", fmt.Sprintf("%q (%s, typeId %d)", l.Label, l.Category, l.TypeID)).
		Add("pair", fmt.Sprintf("%s (%s) ↔ %s (%s)", from, objectList(syncedFor(p, from)), to, objectList(syncedFor(p, to))))
	var mapped []string
	for _, at := range ap.Mappings {
		mapped = append(mapped, at.Mapping.String())
	}
	if len(mapped) > 0 {
		ev = ev.Add("mapped associations", strings.Join(mapped, ", ")+" (none carries this label)")
	} else {
		ev = ev.Add("mapped associations", "none")
	}
	f := &Finding{
		Message:   fmt.Sprintf("HubSpot association label %q (%s ↔ %s) has no Salesforce equivalent: no lookup, junction object or association mapping carries it, so the relationship it names is lost in Salesforce", l.Label, from, to),
		Location:  Location{File: pos.File, Line: pos.Line, Column: pos.Col},
		Component: comp,
		Key:       fmt.Sprintf("%d", l.TypeID),
		Evidence:  ev,
		Fix:       fmt.Sprintf("Create a junction object (or use AccountContactRelation/OpportunityContactRole roles) for %q and map it under associations: with label: %q, or stop using the label for data Salesforce needs.", l.Label, l.Label),
	}
	label, typeID := l.Label, l.TypeID
	p.OnAssociations(from, to, false, func(s *AssociationSummary) {
		tc := s.TypeCount(label, 0)
		if tc == nil {
			tc = s.TypeCount("", typeID)
		}
		if tc == nil {
			f.Records = &RecordStats{File: s.File, Checked: s.Rows}
			return
		}
		f.Records = &RecordStats{File: s.File, Checked: s.Rows, Failing: tc.Rows, Examples: tc.Examples}
		f.Message = fmt.Sprintf("%d association %s in %s %s the HubSpot label %q (%s ↔ %s), which no Salesforce lookup, junction object or association mapping represents", tc.Rows, plural(int(tc.Rows), "row", "rows"), s.File, plural(int(tc.Rows), "carries", "carry"), label, from, to)
	})
	p.ReportDeferred(f)
}
