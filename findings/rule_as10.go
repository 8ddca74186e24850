package findings

import (
	"fmt"
	"sort"
	"strings"
)

// AS10 reports sync settings that keep associations from reaching
// Salesforce.
var AS10 = Register(&Rule{
	ID:        "AS10",
	Name:      "sync-direction-blocks-association",
	Title:     "Sync direction blocks the association",
	Category:  CategoryAssociation,
	Severity:  Warning,
	Precision: PrecisionHigh,
	Bucket:    BucketAssociations,
	Tags:      []string{"association", "sync-settings", "configuration"},
	Summary:   "A sync setting keeps an association from reaching Salesforce: the parent object's sync is off while written objects have associations to it, or the parent only syncs from Salesforce to HubSpot while a written child needs it.",
	Doc: `The integration writes an association only when both records sync:
companies sync only with the "Sync Companies" setting on (the company sync
is optional; knowledge.hubspot.com/salesforce/sync-salesforce-accounts-to-hubspot),
deals and tickets likewise, and the case sync runs one way, Salesforce to
HubSpot (knowledge.hubspot.com/pt/integrations/sync-salesforce-cases-to-hubspot).

What is checked statically (synclint.yaml sync: and the mappings):

- **a sync switched off** (companies, deals or tickets) while an object the
  integration writes has an association mapping to that object
  (Contact.AccountId from contacts→companies, Opportunity.AccountId,
  custom object lookups): the association never reaches Salesforce. The
  finding lists the associations and which of them Salesforce requires
  (those make AS01 errors).
- **a parent synced one way only**: an object the integration creates has a
  required lookup, filled by an association mapping, to an object HubSpot
  never writes (every mapping of it is always-use-Salesforce or don't
  sync, like Case): only parents created in Salesforce can be linked, never
  records created in HubSpot.

With records nothing is counted.`,
	Fix: "Turn on the sync of the parent object, or remove the association mapping and fill the relationship in Salesforce.",
	Run: runAS10,
})

func runAS10(p *Pass) {
	if p.Config == nil {
		return
	}
	model := Relations(p)
	// Syncs switched off with associations pointing at them.
	for _, hs := range []string{"companies", "deals", "tickets"} {
		if p.Config.Syncs(hs) {
			continue
		}
		var assocs, required []string
		for _, at := range p.Sync.Associations {
			m := at.Mapping
			if m.To != hs || at.From == nil || !writes(at.From) {
				continue
			}
			assocs = append(assocs, m.String())
			for _, r := range model.Relations {
				if r.Child == at.From && strings.EqualFold(r.Field.Name, m.Salesforce.Field) && r.Required() {
					required = append(required, r.Field.QualifiedName()+" ("+r.Why()+")")
				}
			}
		}
		// Required relations to the parent's Salesforce objects that no
		// association fills (Require_Account without a mapping).
		for _, r := range model.Relations {
			if r.ParentSync != nil || !writes(r.Child) || !r.Required() || hubspotObjectFor(r.Parent) != hs || len(r.Associations) > 0 {
				continue
			}
			required = append(required, r.Field.QualifiedName()+" ("+r.Why()+")")
		}
		if len(assocs) == 0 && len(required) == 0 {
			continue
		}
		sort.Strings(required)
		required = dedupe(required)
		key := "sync." + hs
		ev := Evidence{}.Add("setting", key+": false")
		if len(assocs) > 0 {
			ev = ev.Add("associations that cannot sync", strings.Join(assocs, ", "))
		}
		sev := Warning
		msg := fmt.Sprintf("%s is off, so the %s associations of the synced records never reach Salesforce", key, strings.Join(assocs, ", "))
		if len(required) > 0 {
			ev = ev.Add("required by Salesforce", strings.Join(required, "; "))
			msg = fmt.Sprintf("%s is off while Salesforce requires %s on synced records (%s): those records cannot be created", key, withArticle(strings.Join(standardObjectFor[hs], "/")), strings.Join(required, "; "))
		}
		p.Report(Finding{
			Severity:  sev,
			Message:   msg,
			Location:  p.ConfigLocation(key),
			Component: key,
			Key:       key,
			Evidence:  ev,
			Fix:       fmt.Sprintf("Set %s: true so the parent records sync, or remove the associations to %s from the mapping.", key, hs),
		})
	}
	// Parents synced one way only.
	for _, r := range model.Relations {
		if !r.Child.Creates || !writes(r.Child) || r.ParentSync == nil || writes(r.ParentSync) || !r.Required() || len(r.Associations) == 0 {
			continue
		}
		m := r.Associations[0].Mapping
		loc := p.ConfigLocation("sync." + r.ParentSync.HubSpotObject)
		if m.Pos.File != "" {
			loc = Location{File: m.Pos.File, Line: m.Pos.Line, Column: m.Pos.Col}
		}
		p.Report(Finding{
			Message:   fmt.Sprintf("%s requires %s (%s) filled from the %s association, but %s only sync from Salesforce to HubSpot: a %s created in HubSpot never reaches Salesforce, so a %s linked to one is rejected", r.Field.QualifiedName(), withArticle(r.ParentSync.Name), r.Why(), m.String(), r.ParentSync.HubSpotObject, singularObject(r.ParentSync.HubSpotObject), r.Child.Name),
			Location:  loc,
			Component: r.Field.QualifiedName(),
			Object:    r.Field.Object,
			Field:     r.Field.Name,
			Key:       "one-way",
			Evidence: Evidence{}.Add("association", m.String()).
				Add("parent sync", r.ParentSync.Name+": no mapping writes it (one-way, Salesforce → HubSpot)"),
			Fix: fmt.Sprintf("Create the %s records in Salesforce (they then sync to HubSpot) before associating them, or make %s optional.", r.ParentSync.Name, r.Field.QualifiedName()),
		})
	}
}

func dedupe(ss []string) []string {
	var out []string
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	return out
}
