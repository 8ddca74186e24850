package findings

import (
	"fmt"
	"sort"
	"strings"

	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// The relationship model joins both sides' relationships once per
// analysis (Relations(p)):
//
//   - Salesforce: every lookup and master-detail field of a synced object
//     that points at another record, with what makes it required: the
//     field itself (<required>true</required>: "the field must have a
//     value", Metadata API CustomField.required), master-detail ("the
//     master-detail relationship field is required on all detail
//     records", Salesforce Help: Object Relationships Overview), standard
//     knowledge (metadata/standard.go: Contact.AccountId and
//     Opportunity.AccountId are nillable in the Object Reference, so not
//     required by Salesforce) and active validation rules that reject a
//     blank value for the integration user (vrrequire.go).
//   - HubSpot: every association between two mapped object types, from the
//     association label exports (associations/<from>-<to>.json), the
//     object schemas (schemas.json: cardinality and limits), and the
//     association mappings that carry it into Salesforce (the integration's
//     defaults plus synclint.yaml associations:).

// Relation is one lookup or master-detail field of a synced object.
type Relation struct {
	// Child is the synced object holding the field.
	Child *SyncedObject
	Field *metadata.Field
	// Parent is the object the field points at (the first referenceTo);
	// ParentSync the synced object of that name, nil when it does not sync.
	Parent     string
	ParentSync *SyncedObject
	// MasterDetail and FieldRequired say what the field itself requires.
	MasterDetail  bool
	FieldRequired bool
	// Rules are active validation rules requiring a value.
	Rules []RuleRequirement
	// Associations are the association mappings that fill the field.
	Associations []*AssociationTarget
	// Targets are field mappings that write the field directly (a HubSpot
	// property holding a Salesforce record id).
	Targets []*Target
}

// Required reports whether no record of the child can be saved without a
// parent: master-detail, a required lookup, or an unconditional rule.
func (r *Relation) Required() bool {
	if r.MasterDetail || r.FieldRequired {
		return true
	}
	for _, rr := range r.Rules {
		if !rr.Conditional {
			return true
		}
	}
	return false
}

// ConditionalRules returns the rules that require the field only under a
// condition.
func (r *Relation) ConditionalRules() []RuleRequirement {
	var out []RuleRequirement
	for _, rr := range r.Rules {
		if rr.Conditional {
			out = append(out, rr)
		}
	}
	return out
}

// Filled reports whether the integration fills the field: an association
// mapping or a writing field mapping.
func (r *Relation) Filled() bool { return len(r.Associations) > 0 || len(r.Targets) > 0 }

// Why says what makes the relation required, for messages.
func (r *Relation) Why() string {
	switch {
	case r.MasterDetail:
		return "master-detail relationship"
	case r.FieldRequired:
		return "required lookup"
	}
	for _, rr := range r.Rules {
		if !rr.Conditional {
			return "validation rule " + rr.Rule.QualifiedName() + " rejects a blank value"
		}
	}
	for _, rr := range r.Rules {
		return "validation rule " + rr.Rule.QualifiedName() + " rejects a blank value in some cases: " + compactSpace(rr.Rule.Formula)
	}
	return "optional lookup"
}

// RequirementLocation is where the requirement is written: the field file
// for a required field or master-detail, else the first rule.
func (r *Relation) RequirementLocation(p *Pass) Location {
	if r.MasterDetail || r.FieldRequired || len(r.Rules) == 0 {
		return p.FieldLocation(r.Child, r.Field)
	}
	for _, rr := range r.Rules {
		if !rr.Conditional {
			return ruleLocation(rr.Rule)
		}
	}
	return ruleLocation(r.Rules[0].Rule)
}

// RequiringRule returns the first unconditional rule, or nil.
func (r *Relation) RequiringRule() *metadata.ValidationRule {
	for _, rr := range r.Rules {
		if !rr.Conditional {
			return rr.Rule
		}
	}
	return nil
}

func ruleLocation(vr *metadata.ValidationRule) Location {
	if vr.FormulaPos.File != "" {
		return locOf(vr.FormulaPos)
	}
	return locOf(vr.Pos)
}

// AssociationPair is one HubSpot association between two object types
// whose records sync to Salesforce.
type AssociationPair struct {
	// From and To are HubSpot object types (canonical names), in the
	// orientation of the first source that named the pair.
	From, To string
	// Labels are the association label exports of the pair (either
	// orientation).
	Labels []*hubspotschema.AssociationLabels
	// Schema are the schema association definitions of the pair.
	Schema []*SchemaPairAssociation
	// Mappings are the association mappings carrying the pair.
	Mappings []*AssociationTarget
	// FromObjects and ToObjects are the synced Salesforce objects of each
	// side.
	FromObjects, ToObjects []*SyncedObject
}

// SchemaPairAssociation is a schema association with its object names.
type SchemaPairAssociation struct {
	Def      *hubspotschema.SchemaAssociation
	From, To string
	// Custom is true when either side is a custom object (2-…).
	Custom bool
}

// Name renders "from <-> to".
func (ap *AssociationPair) Name() string { return ap.From + " <-> " + ap.To }

// RelationModel is the joined relationship model.
type RelationModel struct {
	// Relations are sorted by child object and field.
	Relations []*Relation
	// Pairs are sorted by name.
	Pairs []*AssociationPair
}

// Between returns the relations from child to parent (Salesforce names).
func (m *RelationModel) Between(child, parent string) []*Relation {
	var out []*Relation
	for _, r := range m.Relations {
		if strings.EqualFold(r.Child.Name, child) && strings.EqualFold(r.Parent, parent) {
			out = append(out, r)
		}
	}
	return out
}

// Pair returns the association pair of two HubSpot object types in either
// orientation.
func (m *RelationModel) Pair(a, b string) *AssociationPair {
	a, b = hubspotschema.CanonicalObjectType(a), hubspotschema.CanonicalObjectType(b)
	for _, ap := range m.Pairs {
		if (ap.From == a && ap.To == b) || (ap.From == b && ap.To == a) {
			return ap
		}
	}
	return nil
}

const relationsKey = "relations.model"

// Relations returns the relationship model of the analysis (built once).
func Relations(p *Pass) *RelationModel {
	return p.Shared.Get(relationsKey, func() any { return buildRelations(p) }).(*RelationModel)
}

func buildRelations(p *Pass) *RelationModel {
	m := &RelationModel{}
	for _, so := range p.Sync.Objects {
		if so.Object == nil {
			continue
		}
		rules := lookupRuleRequirements(p, so.Object)
		for _, f := range relationFields(so.Object) {
			r := &Relation{Child: so, Field: f, Parent: f.ReferenceTo[0],
				MasterDetail: f.Type == metadata.TypeMasterDetail, FieldRequired: f.Required && f.Type == metadata.TypeLookup}
			if ps := p.Sync.Object(r.Parent); ps != nil {
				r.ParentSync = ps
				r.Parent = ps.Name
			} else if po := LookupObject(p.Org, r.Parent); po != nil {
				r.Parent = po.Name
			}
			r.Rules = rules[strings.ToLower(f.Name)]
			for _, at := range p.Sync.Associations {
				if at.Mapping.Salesforce.Object != "" && strings.EqualFold(at.Mapping.Salesforce.Object, so.Name) && strings.EqualFold(at.Mapping.Salesforce.Field, f.Name) {
					r.Associations = append(r.Associations, at)
				}
			}
			for _, t := range so.Targets {
				if strings.EqualFold(t.Ref.Field, f.Name) {
					r.Targets = append(r.Targets, t)
				}
			}
			m.Relations = append(m.Relations, r)
		}
	}
	sort.Slice(m.Relations, func(i, j int) bool {
		a, b := m.Relations[i], m.Relations[j]
		if a.Child.Name != b.Child.Name {
			return a.Child.Name < b.Child.Name
		}
		return a.Field.Name < b.Field.Name
	})
	m.Pairs = buildPairs(p)
	return m
}

// relationFields lists the lookups and master-details of an object, the
// checkout's and the built-in standard ones.
func relationFields(obj *metadata.Object) []*metadata.Field {
	var out []*metadata.Field
	seen := map[string]bool{}
	add := func(f *metadata.Field) {
		k := strings.ToLower(f.Name)
		if seen[k] || !isRelationshipField(f) {
			return
		}
		seen[k] = true
		out = append(out, f)
	}
	for _, f := range obj.SortedFields() {
		add(f)
	}
	for _, f := range metadata.StandardFields(obj.Name) {
		add(f)
	}
	return out
}

// hubspotObjectName turns an objectTypeId (0-1, 2-7654321) or any other
// name of a HubSpot object into the name the export and mappings use.
func hubspotObjectName(p *Pass, id string) string {
	c := hubspotschema.CanonicalObjectType(id)
	if _, std := standardObjectFor[c]; std {
		return c
	}
	if o := p.HubSpot.Object(id); o != nil {
		return hubspotschema.CanonicalObjectType(o.Name)
	}
	for _, s := range p.HubSpot.Schemas {
		if strings.EqualFold(s.ObjectTypeID, id) || strings.EqualFold(s.FullyQualifiedName, id) {
			return hubspotschema.CanonicalObjectType(s.Name)
		}
	}
	return c
}

// syncedFor returns the synced Salesforce objects a HubSpot object feeds.
func syncedFor(p *Pass, hubspotObject string) []*SyncedObject {
	var out []*SyncedObject
	for _, so := range p.Sync.Objects {
		if so.HubSpotObject == hubspotObject || (p.HubSpot.Object(so.HubSpotObject) != nil && p.HubSpot.Object(so.HubSpotObject) == p.HubSpot.Object(hubspotObject)) {
			out = append(out, so)
		}
	}
	return out
}

func buildPairs(p *Pass) []*AssociationPair {
	byKey := map[string]*AssociationPair{}
	get := func(from, to string) *AssociationPair {
		k := from + "|" + to
		if from > to {
			k = to + "|" + from
		}
		ap := byKey[k]
		if ap == nil {
			ap = &AssociationPair{From: from, To: to}
			byKey[k] = ap
		}
		return ap
	}
	for _, al := range p.HubSpot.Associations {
		from, to := hubspotObjectName(p, al.From), hubspotObjectName(p, al.To)
		if from == "" || to == "" {
			continue
		}
		ap := get(from, to)
		ap.Labels = append(ap.Labels, al)
	}
	for _, s := range p.HubSpot.Schemas {
		for _, sa := range s.Associations {
			from, to := hubspotObjectName(p, sa.FromObjectTypeID), hubspotObjectName(p, sa.ToObjectTypeID)
			if from == "" || to == "" || from == to {
				continue
			}
			ap := get(from, to)
			dup := false
			for _, x := range ap.Schema {
				if x.Def.ID == sa.ID && sa.ID != "" {
					dup = true
				}
			}
			if !dup {
				ap.Schema = append(ap.Schema, &SchemaPairAssociation{Def: sa, From: from, To: to,
					Custom: strings.HasPrefix(sa.FromObjectTypeID, "2-") || strings.HasPrefix(sa.ToObjectTypeID, "2-")})
			}
		}
	}
	for _, at := range p.Sync.Associations {
		ap := get(at.Mapping.From, at.Mapping.To)
		ap.Mappings = append(ap.Mappings, at)
	}
	var out []*AssociationPair
	for _, ap := range byKey {
		ap.FromObjects, ap.ToObjects = syncedFor(p, ap.From), syncedFor(p, ap.To)
		out = append(out, ap)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out
}

// writes reports whether the integration writes records of the object:
// some two-way or prefer-Salesforce mapping targets it. Objects synced
// only from Salesforce (tickets → Case, whose sync is one-way) are not.
func writes(so *SyncedObject) bool { return so != nil && len(so.Targets) > 0 }

// objectList renders synced object names.
func objectList(os []*SyncedObject) string {
	var names []string
	for _, o := range os {
		names = append(names, o.Name)
	}
	return strings.Join(names, ", ")
}

// describeRule renders a validation rule and its file for evidence.
func describeRule(vr *metadata.ValidationRule) string {
	return fmt.Sprintf("%s (%s)", vr.QualifiedName(), vr.Pos)
}
