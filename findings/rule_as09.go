package findings

import (
	"fmt"
	"strings"
)

// AS09 reports relationships whose parent's deletion deletes or blocks
// synced children.
var AS09 = Register(&Rule{
	ID:        "AS09",
	Name:      "parent-deletion-breaks-children",
	Title:     "Parent deletion breaks children",
	Category:  CategoryAssociation,
	Severity:  Warning,
	Precision: PrecisionHigh,
	Bucket:    BucketAssociations,
	Tags:      []string{"association", "delete", "master-detail", "lookup"},
	Summary:   "A synced object's master-detail or lookup field deletes its records with the parent (cascade) or stops the parent from being deleted (restrict), and the parent is a synced record too.",
	Doc: `What happens to a child when its parent is deleted is set on the
relationship field: master-detail always deletes the details with the
master ("When a master record is deleted, the related detail and subdetail
records are also deleted", Salesforce Help: Object Relationships Overview);
a lookup's deleteConstraint is SetNull (clear the field, the default),
Restrict (the parent cannot be deleted while children point at it) or
Cascade (delete the children) (Metadata API CustomField.deleteConstraint;
Tooling API RelationshipInfo.IsCascadeDelete). Deletions flow from
Salesforce to HubSpot (the integration's "Deleting Contacts" setting says
what happens in HubSpot when a Salesforce record is deleted;
knowledge.hubspot.com/salesforce/manage-your-salesforce-integration-settings),
so a cascade silently removes synced children from Salesforce while their
HubSpot records stay, and a restriction makes deleting or merging a synced
parent fail until its children are dealt with.

What is checked statically: master-detail fields and lookups with
deleteConstraint Restrict or Cascade on objects the integration writes,
whose parent object also syncs. Standard relationships (Contact.AccountId,
…) follow Salesforce's fixed rules and are not reported; only what the
checkout declares is. Warnings: nothing is rejected on a normal write.`,
	Fix: "Use a lookup with SetNull where children must survive their parent, or delete and re-parent children in Salesforce before deleting the parent.",
	Run: runAS09,
})

func runAS09(p *Pass) {
	for _, r := range Relations(p).Relations {
		f := r.Field
		if !writes(r.Child) || r.ParentSync == nil || f.Pos.File == "" {
			continue
		}
		var what, effect string
		switch {
		case r.MasterDetail:
			what = "master-detail (cascade delete)"
			effect = fmt.Sprintf("deleting %s in Salesforce deletes its synced %s records with it, while their HubSpot %s stay", withArticle(r.Parent), r.Child.Name, r.Child.HubSpotObject)
		case strings.EqualFold(f.DeleteConstraint, "Cascade"):
			what = "lookup with deleteConstraint Cascade"
			effect = fmt.Sprintf("deleting %s in Salesforce deletes its synced %s records with it, while their HubSpot %s stay", withArticle(r.Parent), r.Child.Name, r.Child.HubSpotObject)
		case strings.EqualFold(f.DeleteConstraint, "Restrict"):
			what = "lookup with deleteConstraint Restrict"
			effect = fmt.Sprintf("%s that synced %s records point at cannot be deleted (or merged away) in Salesforce until they are re-parented or deleted", withArticle(r.Parent), r.Child.Name)
		default:
			continue
		}
		hsParent := r.ParentSync.HubSpotObject
		ev := Evidence{}.Add("field", fmt.Sprintf("%s → %s (%s)", f.QualifiedName(), r.Parent, what)).
			Add("parent", fmt.Sprintf("%s syncs with HubSpot %s", r.Parent, hsParent)).
			Add("child", fmt.Sprintf("%s syncs with HubSpot %s", r.Child.Name, r.Child.HubSpotObject))
		fix := fmt.Sprintf("Change %s to a lookup with deleteConstraint SetNull if %s records must outlive their %s, or re-parent them before deleting.", f.QualifiedName(), r.Child.Name, r.Parent)
		if strings.EqualFold(f.DeleteConstraint, "Restrict") {
			fix = fmt.Sprintf("Delete or re-parent the %s records before deleting the %s (in HubSpot and Salesforce alike), or use deleteConstraint SetNull on %s.", r.Child.Name, r.Parent, f.QualifiedName())
		}
		p.Report(Finding{
			Message:   fmt.Sprintf("%s is a %s: %s", f.QualifiedName(), what, effect),
			Location:  p.FieldLocation(r.Child, f),
			Component: f.QualifiedName(),
			Object:    f.Object,
			Field:     f.Name,
			Evidence:  ev,
			Fix:       fix,
		})
	}
}
