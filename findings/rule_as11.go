package findings

import (
	"fmt"
)

// AS11 finds custom object associations that no Salesforce relationship
// between the mapped objects can hold.
var AS11 = Register(&Rule{
	ID:        "AS11",
	Name:      "custom-association-no-lookup",
	Title:     "Custom object relationship with no lookup",
	Category:  CategoryAssociation,
	Severity:  Warning,
	Precision: PrecisionHigh,
	Bucket:    BucketAssociations,
	Tags:      []string{"association", "custom-object", "schema"},
	Summary:   "A HubSpot custom object association (schemas export) connects two synced objects, but Salesforce has no lookup or master-detail between the objects they map to, and no association mapping: the association is lost.",
	Doc: `Custom object schemas list their associations
({fromObjectTypeId, toObjectTypeId, name, cardinality, …};
GET /crm-object-schemas/v3/schemas, developers.hubspot.com/docs/api-reference/crm-schemas-v3/core/get-crm-object-schemas-v3-schemas-objectType;
hubspot-exports.md §2.5). The integration can only write an association
into a Salesforce relationship field or a junction object named by an
association mapping (synclint.yaml associations:).

What is checked statically: every schema association with a custom object
(objectTypeId 2-…) on one side whose two objects both sync to Salesforce,
when there is no association mapping for the pair, no lookup or
master-detail between the two Salesforce objects in either direction, and
no junction object (a custom object with relationships to both, one of
them master-detail). With records nothing is counted.

Example: the projects schema associates projects with tickets
(project_to_ticket), but Project__c and Case have no relationship.`,
	Fix: "Add a lookup between the two Salesforce objects and map the association to it (synclint.yaml associations:), or stop relying on the association in Salesforce.",
	Run: runAS11,
})

func runAS11(p *Pass) {
	model := Relations(p)
	for _, ap := range model.Pairs {
		if len(ap.FromObjects) == 0 || len(ap.ToObjects) == 0 || len(ap.Mappings) > 0 {
			continue
		}
		var custom *SchemaPairAssociation
		for _, sa := range ap.Schema {
			if sa.Custom {
				custom = sa
				break
			}
		}
		if custom == nil {
			continue
		}
		if linked(model, ap) || junctionFor(p, ap) != "" {
			continue
		}
		d := custom.Def
		p.Report(Finding{
			Message:   fmt.Sprintf("HubSpot associates %s with %s (schema association %s), but %s and %s have no lookup or master-detail between them and no association mapping: the association cannot reach Salesforce", custom.From, custom.To, d.Name, objectList(syncedFor(p, custom.From)), objectList(syncedFor(p, custom.To))),
			Location:  Location{File: d.Pos.File, Line: d.Pos.Line, Column: d.Pos.Col},
			Component: custom.From + " <-> " + custom.To,
			Key:       d.ID,
			Evidence: Evidence{}.Add("schema association", fmt.Sprintf("%s (id %s): %s → %s, %s", d.Name, d.ID, d.FromObjectTypeID, d.ToObjectTypeID, d.Cardinality)).
				Add("Salesforce", fmt.Sprintf("no relationship field between %s and %s", objectList(syncedFor(p, custom.From)), objectList(syncedFor(p, custom.To)))),
			Fix: fmt.Sprintf("Add a lookup from %s to %s (or the reverse) and map the %s-%s association to it under associations: in synclint.yaml.", objectList(syncedFor(p, custom.From)), objectList(syncedFor(p, custom.To)), custom.From, custom.To),
		})
	}
}

// linked reports whether any relationship field connects the Salesforce
// objects of the two sides, in either direction.
func linked(model *RelationModel, ap *AssociationPair) bool {
	for _, a := range ap.FromObjects {
		for _, b := range ap.ToObjects {
			if len(model.Between(a.Name, b.Name)) > 0 || len(model.Between(b.Name, a.Name)) > 0 {
				return true
			}
		}
	}
	return false
}
