package findings

import (
	"sort"
	"strings"

	"github.com/synclint/synclint/config"
	"github.com/synclint/synclint/hubspotschema"
	"github.com/synclint/synclint/metadata"
)

// SyncModel is the join of both systems: which Salesforce objects the
// integration writes, fed by which HubSpot object, and every Salesforce
// field a writing mapping targets, resolved on both sides.
type SyncModel struct {
	// Objects are the synced Salesforce objects, sorted by name.
	Objects []*SyncedObject
	// Targets are every (writing mapping, Salesforce field) pair of a synced
	// object, in mapping order.
	Targets []*Target
	// Inactive are targets of mappings that write, but to objects whose sync
	// is switched off (for example Account when company sync is off).
	Inactive []*Target
	// Associations are the association mappings between synced objects.
	Associations []*AssociationTarget

	byName map[string]*SyncedObject
}

// SyncedObject is a Salesforce object the integration writes.
type SyncedObject struct {
	// Name is the Salesforce API name (Lead, Account, Project__c).
	Name string
	// Object is the org's object (nil when neither the checkout nor built-in
	// knowledge has it).
	Object *metadata.Object
	// HubSpotObject is the HubSpot object type that feeds it.
	HubSpotObject string
	// Creates is true when the integration creates records of this object
	// (new HubSpot contacts become Leads or Contacts, per contactsCreate).
	Creates bool
	// Updates is true when the integration updates existing records.
	Updates bool
	// Targets are the writing mapping targets on this object.
	Targets []*Target
}

// Target is one Salesforce field a writing mapping fills.
type Target struct {
	Mapping *hubspotschema.Mapping
	Ref     hubspotschema.FieldRef
	// Field is the Salesforce field (nil when the org has no such field).
	Field *metadata.Field
	// Property is the HubSpot property (nil when the export lacks it).
	Property *hubspotschema.Property
	Object   *SyncedObject
}

// AssociationTarget is a HubSpot association mapped onto a Salesforce lookup.
type AssociationTarget struct {
	Mapping *hubspotschema.AssociationMapping
	// Field is the lookup on the child object (nil for junction mappings or
	// when the org lacks the field).
	Field *metadata.Field
	// From and To are the synced objects on each side (nil when not synced).
	From, To *SyncedObject
}

// Object returns the synced object with the given name (case-insensitive).
func (m *SyncModel) Object(name string) *SyncedObject {
	if m == nil {
		return nil
	}
	return m.byName[strings.ToLower(name)]
}

// TargetsFor returns the targets writing Object.Field.
func (m *SyncModel) TargetsFor(object, field string) []*Target {
	so := m.Object(object)
	if so == nil {
		return nil
	}
	var out []*Target
	for _, t := range so.Targets {
		if strings.EqualFold(t.Ref.Field, field) {
			out = append(out, t)
		}
	}
	return out
}

// standardObjectFor maps the integration's standard HubSpot objects to the
// Salesforce objects they sync with (hubspot-exports.md §3.1).
var standardObjectFor = map[string][]string{
	"contacts":  {"Lead", "Contact"},
	"companies": {"Account"},
	"deals":     {"Opportunity"},
	"tickets":   {"Case"},
}

// LookupField finds a field in the org, falling back to built-in knowledge of
// standard fields for objects or fields the checkout does not describe.
func LookupField(org *metadata.Org, object, field string) *metadata.Field {
	if f := org.Field(object, field); f != nil {
		return f
	}
	if f, ok := metadata.StandardField(object, field); ok {
		return f
	}
	return nil
}

// LookupObject finds an object in the org or in built-in knowledge.
func LookupObject(org *metadata.Org, name string) *metadata.Object {
	if o := org.Object(name); o != nil {
		return o
	}
	if o, ok := metadata.StandardObject(name); ok {
		return o
	}
	return nil
}

// BuildSyncModel joins the org, the export and the mapping under the config.
func BuildSyncModel(org *metadata.Org, hs *hubspotschema.Export, mappings *hubspotschema.MappingSet, assoc []*hubspotschema.AssociationMapping, cfg *config.Config) *SyncModel {
	m := &SyncModel{byName: map[string]*SyncedObject{}}
	get := func(name, hubspotObject string) *SyncedObject {
		key := strings.ToLower(name)
		if so := m.byName[key]; so != nil {
			return so
		}
		so := &SyncedObject{Name: name, HubSpotObject: hubspotObject, Object: LookupObject(org, name)}
		if so.Object != nil {
			so.Name = so.Object.Name
		}
		m.byName[key] = so
		m.Objects = append(m.Objects, so)
		return so
	}
	objectSyncs := func(hubspotObject string) bool {
		if _, std := standardObjectFor[hubspotObject]; std {
			return cfg.Syncs(hubspotObject)
		}
		// Custom objects sync when a mapping names them and no switch
		// turns them off.
		v, ok := cfg.Sync[hubspotObject]
		return !ok || v
	}
	// Standard objects: contacts always sync; the others per config.
	for _, hsObj := range []string{"contacts", "companies", "deals", "tickets"} {
		if !objectSyncs(hsObj) {
			continue
		}
		for _, sf := range standardObjectFor[hsObj] {
			so := get(sf, hsObj)
			so.Updates = true
			switch sf {
			case "Lead", "Contact":
				so.Creates = strings.EqualFold(cfg.ContactsCreate, sf)
			default:
				so.Creates = true
			}
		}
	}
	for _, mp := range mappings.Mappings {
		if !mp.Writes() {
			continue
		}
		for _, ref := range mp.Salesforce {
			t := &Target{
				Mapping:  mp,
				Ref:      ref,
				Field:    LookupField(org, ref.Object, ref.Field),
				Property: hs.Property(mp.HubSpot.Object, mp.HubSpot.Property),
			}
			if !objectSyncs(mp.HubSpot.Object) {
				m.Inactive = append(m.Inactive, t)
				continue
			}
			so := m.Object(ref.Object)
			if so == nil {
				// A custom object (or a standard object fed by a custom
				// mapping): the integration creates and updates it.
				so = get(ref.Object, mp.HubSpot.Object)
				so.Creates, so.Updates = true, true
			}
			t.Object = so
			so.Targets = append(so.Targets, t)
			m.Targets = append(m.Targets, t)
		}
	}
	for _, am := range assoc {
		at := &AssociationTarget{Mapping: am}
		if am.Salesforce.Object != "" {
			at.Field = LookupField(org, am.Salesforce.Object, am.Salesforce.Field)
			at.From = m.Object(am.Salesforce.Object)
		}
		if at.Field != nil && len(at.Field.ReferenceTo) > 0 {
			at.To = m.Object(at.Field.ReferenceTo[0])
		}
		m.Associations = append(m.Associations, at)
	}
	sort.Slice(m.Objects, func(i, j int) bool { return m.Objects[i].Name < m.Objects[j].Name })
	return m
}

// FieldFilledOnCreate reports whether a create of obj sets field through a
// writing mapping or an association mapping, and returns the targets that
// fill it.
func (m *SyncModel) FieldFilledOnCreate(obj *SyncedObject, field string) ([]*Target, []*AssociationTarget) {
	var ts []*Target
	for _, t := range obj.Targets {
		if strings.EqualFold(t.Ref.Field, field) {
			ts = append(ts, t)
		}
	}
	var as []*AssociationTarget
	for _, a := range m.Associations {
		if a.Mapping.Salesforce.Object != "" && strings.EqualFold(a.Mapping.Salesforce.Object, obj.Name) && strings.EqualFold(a.Mapping.Salesforce.Field, field) {
			as = append(as, a)
		}
	}
	return ts, as
}

// targetFinding starts a finding about a mapping target: located at the
// field, keyed by the HubSpot property, with the type pair as evidence.
func targetFinding(p *Pass, t *Target, sev Severity) *Finding {
	prop := t.Mapping.HubSpot.String()
	return &Finding{
		Severity:        sev,
		Location:        p.FieldLocation(t.Object, t.Field),
		Object:          t.Field.Object,
		Field:           t.Field.Name,
		HubSpotProperty: prop,
		Key:             prop,
		Evidence: Evidence{}.
			Add("HubSpot property", prop+" ("+propertyTypeLabel(t.Property)+")").
			Add("Salesforce field", t.Field.QualifiedName()+" ("+fieldTypeLabel(t.Field)+")"),
	}
}
