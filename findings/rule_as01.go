package findings

import (
	"fmt"
	"strings"
)

// AS01 finds required parents the integration cannot supply.
var AS01 = Register(&Rule{
	ID:        "AS01",
	Name:      "required-parent-not-synced",
	Title:     "Parent record required but not synced",
	Category:  CategoryAssociation,
	Severity:  Error,
	Precision: PrecisionHigh,
	Bucket:    BucketAssociations,
	Tags:      []string{"association", "lookup", "master-detail", "sync-settings"},
	Summary:   "An object the integration creates needs a parent record (master-detail, required lookup, or a validation rule rejecting a blank lookup), but the parent's HubSpot object does not sync or no association mapping fills the field.",
	Doc: `A master-detail field is required on every detail record ("the
master-detail relationship field is required on all detail records",
Salesforce Help: Object Relationships Overview), a lookup marked required
"must have a value" (Metadata API CustomField.required), and a validation
rule such as ISBLANK(AccountId) rejects every save without the parent. The
HubSpot integration fills lookups from associations: the contact's primary
company becomes Contact.AccountId, the deal's primary company
Opportunity.AccountId, custom object associations the fields named under
associations: in synclint.yaml (knowledge.hubspot.com/salesforce/sync-salesforce-accounts-to-hubspot;
hubspot-exports.md §3.1).

What is checked statically: for every object the integration creates and
every relationship the relationship model marks as required for the
integration user (master-detail, required lookup, or an active rule that
fires with the field blank whatever else the record holds — see the rule
analysis in vrrequire.go), the finding is an error when

- the parent's HubSpot object does not sync (sync.companies: false for
  Account, an object no mapping covers), or
- no association mapping fills the field.

A lookup filled by a field mapping (a HubSpot property holding Salesforce
record ids) needs neither: AS03 checks where its ids point.

Requirements that hold only under a condition (a rule requiring the parent
for won deals) are left to AS04 (ordering) and PV11 (the rule itself).
Relationships whose parent syncs and whose association is mapped are fine
here; AS08 reports the records whose association is missing.

Example: Project__c.Site_Contact__c is a required lookup to Contact and no
projects-contacts association is mapped: every HubSpot project fails to
sync.`,
	Fix: "Map the HubSpot association that identifies the parent (synclint.yaml associations:) and sync the parent's object, or make the relationship optional.",
	Run: runAS01,
})

func runAS01(p *Pass) {
	for _, r := range Relations(p).Relations {
		if !r.Child.Creates || !writes(r.Child) || !r.Required() {
			continue
		}
		if len(r.Targets) > 0 {
			// A HubSpot property holding Salesforce record ids fills the
			// lookup whether or not the parent syncs (AS03 checks the ids).
			continue
		}
		// Any synced parent counts: one-way objects (Case) exist in
		// Salesforce already.
		parentSyncs := r.ParentSync != nil
		if parentSyncs && r.Filled() {
			continue
		}
		reportAS01(p, r, parentSyncs)
	}
}

func reportAS01(p *Pass, r *Relation, parentSyncs bool) {
	f := r.Field
	ev := Evidence{}.Add("child field", fmt.Sprintf("%s → %s (%s)", f.QualifiedName(), r.Parent, r.Why()))
	if vr := r.RequiringRule(); vr != nil && !r.MasterDetail && !r.FieldRequired {
		ev = ev.Add("validation rule", describeRule(vr)+": "+compactSpace(vr.Formula))
	}
	loc := r.RequirementLocation(p)
	var msg, fix string
	hsParent := hubspotObjectFor(r.Parent)
	switch {
	case !parentSyncs && hsParent != "" && p.Config != nil && !p.Config.Syncs(hsParent):
		key := "sync." + hsParent
		ev = ev.Add("parent sync", fmt.Sprintf("%s: %s does not sync (%s: false)", r.Parent, hsParent, key))
		loc = p.ConfigLocation(key)
		msg = fmt.Sprintf("every %s the integration creates needs %s (%s) but HubSpot %s do not sync (%s is off): each create is rejected", r.Child.Name, withArticle(r.Parent), f.QualifiedName(), hsParent, key)
		fix = fmt.Sprintf("Turn on the %s sync (%s: true) so the %s exists in Salesforce, or make %s optional.", hsParent, key, r.Parent, f.QualifiedName())
	case !parentSyncs:
		ev = ev.Add("parent sync", r.Parent+" is not an object the integration syncs")
		msg = fmt.Sprintf("every %s the integration creates needs %s (%s) but no HubSpot object syncs to %s: each create is rejected", r.Child.Name, withArticle(r.Parent), f.QualifiedName(), r.Parent)
		fix = fmt.Sprintf("Make %s optional (or give it a default through automation), or sync the HubSpot object that represents %s and map its association.", f.QualifiedName(), r.Parent)
	default:
		ev = ev.Add("association", fmt.Sprintf("no %s-%s association mapping fills %s", r.Child.HubSpotObject, r.ParentSync.HubSpotObject, f.QualifiedName()))
		if ap := Relations(p).Pair(r.Child.HubSpotObject, r.ParentSync.HubSpotObject); ap != nil && (len(ap.Labels) > 0 || len(ap.Schema) > 0) {
			ev = ev.Add("HubSpot association", "exported but not mapped: "+ap.Name())
		} else {
			ev = ev.Add("HubSpot association", fmt.Sprintf("none between %s and %s in the export", r.Child.HubSpotObject, r.ParentSync.HubSpotObject))
		}
		msg = fmt.Sprintf("every %s the integration creates needs %s (%s), but no %s-%s association is mapped to it: each create is rejected", r.Child.Name, withArticle(r.Parent), f.QualifiedName(), r.Child.HubSpotObject, r.ParentSync.HubSpotObject)
		fix = fmt.Sprintf("Create the %s-%s association in HubSpot and map it to %s under associations: in synclint.yaml, or make %s optional.", r.Child.HubSpotObject, r.ParentSync.HubSpotObject, f.QualifiedName(), f.QualifiedName())
	}
	p.Report(Finding{
		Message:   msg,
		Location:  loc,
		Component: f.QualifiedName(),
		Object:    f.Object,
		Field:     f.Name,
		Evidence:  ev,
		Fix:       fix,
		Related:   []Location{p.FieldLocation(r.Child, f)},
	})
}

// hubspotObjectFor returns the standard HubSpot object type that syncs to a
// Salesforce object ("" for others).
func hubspotObjectFor(sfObject string) string {
	for hs, sfs := range standardObjectFor {
		for _, sf := range sfs {
			if strings.EqualFold(sf, sfObject) {
				return hs
			}
		}
	}
	return ""
}
