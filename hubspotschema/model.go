// Package hubspotschema reads HubSpot's side of the integration: property
// definitions, pipelines, owners, association labels and custom object
// schemas exported as JSON, record exports as CSV, and the field mapping
// between HubSpot properties and Salesforce fields.
//
// The package stands alone: it knows nothing of Salesforce metadata files.
// Salesforce objects and fields appear only as names inside mappings.
package hubspotschema

import (
	"strconv"
	"strings"
	"time"
)

// Pos is a position in an export file: File is relative to the project root
// (forward slashes), Line and Col are 1-based. For CSV files Line is the
// physical line where the record starts.
type Pos struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"column,omitempty"`
}

// String renders file:line:column, leaving out what is unknown.
func (p Pos) String() string {
	s := p.File
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
		if p.Col > 0 {
			s += ":" + strconv.Itoa(p.Col)
		}
	}
	return s
}

// IsZero reports whether p names no file.
func (p Pos) IsZero() bool { return p.File == "" }

// Diagnostic is a problem with an export file (SL03) or with the mapping
// (SL04). Reading never stops on one.
type Diagnostic struct {
	Kind    string `json:"kind"` // SL03 or SL04
	Pos     Pos    `json:"pos"`
	Message string `json:"message"`
	// Warning marks a diagnostic that does not mean broken input (an
	// export folder that is simply absent): it is reported as a warning.
	Warning bool `json:"warning,omitempty"`
	// Subject names what the diagnostic is about (objectType.property for
	// a mapping that names a missing property), when there is one.
	Subject string `json:"subject,omitempty"`
}

// Export is everything read from a HubSpot export folder. Any file that is
// missing is simply absent.
type Export struct {
	// Dir is the export folder (absolute).
	Dir string
	// Objects by object type name (contacts, companies, deals, tickets, or a
	// custom object's name / objectTypeId).
	Objects map[string]*ObjectType
	// Pipelines by object type (deals, tickets).
	Pipelines map[string][]*Pipeline
	// Owners from owners.json (v3 or legacy v2).
	Owners    []*Owner
	OwnersPos Pos
	// Associations lists association labels per object pair.
	Associations []*AssociationLabels
	// Schemas are custom (and standard) object schemas from schemas.json.
	Schemas []*ObjectSchema
	// Records lists the record CSV files found (records/<objectType>.csv).
	Records []*RecordFile
	// AssociationRecords lists association CSV exports
	// (records/<from>-<to>.csv).
	AssociationRecords []*AssociationFile
	Diagnostics        []Diagnostic

	// aliases maps other names of an object type (its objectTypeId, its
	// fullyQualifiedName, a custom object's name) to the Objects key.
	aliases map[string]string
}

// Object returns the object type with the given name (case-insensitive),
// also accepting singular names and objectTypeIds (contact, 0-1).
func (e *Export) Object(name string) *ObjectType {
	if e == nil {
		return nil
	}
	if o := e.Objects[CanonicalObjectType(name)]; o != nil {
		return o
	}
	if o := e.Objects[strings.ToLower(name)]; o != nil {
		return o
	}
	if k, ok := e.aliases[strings.ToLower(strings.TrimSpace(name))]; ok {
		return e.Objects[k]
	}
	return nil
}

// Property looks up object.property.
func (e *Export) Property(object, name string) *Property {
	return e.Object(object).Property(name)
}

// CanonicalObjectType maps HubSpot's many spellings of the standard object
// types to the plural lower-case names used in API paths: contact, CONTACT,
// 0-1 → contacts; company, 0-2 → companies; deal, 0-3 → deals; ticket, 0-5 →
// tickets. Anything else is lower-cased.
func CanonicalObjectType(name string) string {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "contact", "contacts", "0-1":
		return "contacts"
	case "company", "companies", "0-2":
		return "companies"
	case "deal", "deals", "0-3":
		return "deals"
	case "ticket", "tickets", "0-5":
		return "tickets"
	}
	return strings.ToLower(strings.TrimSpace(name))
}

// ObjectType is one HubSpot object type and its properties.
type ObjectType struct {
	Name string
	// ObjectTypeID is 0-1, 0-2, … or 2-NNNN for custom objects, when known.
	ObjectTypeID string
	// Properties by lower-cased internal name; Order keeps file order.
	Properties map[string]*Property
	Order      []string
	// Pos is the properties file.
	Pos Pos
	// Shape records which export shape the properties file had
	// (v3, v1-groups, v2-array).
	Shape string
}

// Property looks a property up by internal name, ignoring case.
func (o *ObjectType) Property(name string) *Property {
	if o == nil {
		return nil
	}
	return o.Properties[strings.ToLower(name)]
}

// SortedProperties returns the properties in file order.
func (o *ObjectType) SortedProperties() []*Property {
	out := make([]*Property, 0, len(o.Order))
	for _, k := range o.Order {
		if p := o.Properties[k]; p != nil {
			out = append(out, p)
		}
	}
	return out
}

// Property is a HubSpot property definition.
type Property struct {
	ObjectType  string
	Name        string
	Label       string
	Type        string // string, number, date, datetime, enumeration, bool, phone_number, object_coordinates, …
	FieldType   string // text, textarea, select, radio, checkbox, booleancheckbox, number, date, …
	GroupName   string
	Description string
	Options     []Option
	Hidden      bool
	Calculated  bool
	// ExternalOptions: the options live elsewhere (pipelines, owners, currencies).
	ExternalOptions      bool
	ReferencedObjectType string
	HasUniqueValue       bool
	HubspotDefined       bool
	ReadOnlyValue        bool
	ReadOnlyDefinition   bool
	FormField            bool
	NumberDisplayHint    string
	ShowCurrencySymbol   bool
	CalculationFormula   string
	Archived             bool
	Pos                  Pos

	// DisplayOrder orders properties in HubSpot's UI (-1 = unordered).
	DisplayOrder int
	// ReadOnlyOptions: the option list cannot be edited (v3
	// modificationMetadata.readOnlyOptions).
	ReadOnlyOptions bool
	// DataSensitivity is non_sensitive, sensitive or highly_sensitive.
	DataSensitivity      string
	DateDisplayHint      string
	CurrencyPropertyName string
	// CreatedAt and UpdatedAt are zero when the export has none (v3 ISO
	// strings and v1/v2 epoch milliseconds are both read).
	CreatedAt time.Time
	UpdatedAt time.Time
}

// IsMultiValue reports whether the property holds several options joined with
// ';' (enumeration rendered as multiple checkboxes).
func (p *Property) IsMultiValue() bool {
	return p.Type == "enumeration" && p.FieldType == "checkbox"
}

// IsBoolean reports whether the property is a single checkbox.
func (p *Property) IsBoolean() bool {
	return p.Type == "bool" || (p.Type == "enumeration" && p.FieldType == "booleancheckbox")
}

// IsComputed reports whether HubSpot computes the value (no user or
// integration sets it): calculated properties, every calculation_* field
// type, and readOnlyValue.
func (p *Property) IsComputed() bool {
	return p.Calculated || p.ReadOnlyValue || strings.HasPrefix(p.FieldType, "calculation_")
}

// Option is one option of an enumeration property.
type Option struct {
	Value        string
	Label        string
	Hidden       bool
	DisplayOrder int
	Description  string
	// ReadOnly is the legacy v1/v2 option flag.
	ReadOnly bool
}

// Pipeline is a deal or ticket pipeline.
type Pipeline struct {
	ObjectType   string
	ID           string
	Label        string
	DisplayOrder int
	Archived     bool
	Stages       []*Stage
	Pos          Pos
}

// Stage is a pipeline stage. dealstage values are stage IDs.
type Stage struct {
	ID           string
	Label        string
	DisplayOrder int
	Archived     bool
	// IsClosed and Probability come from metadata (strings in the API).
	IsClosed    bool
	Probability string
	// HasProbability is false when the stage metadata carries none.
	HasProbability bool
	Pos            Pos
	// Metadata is the stage's whole metadata object, values as strings
	// (lifecycle stages carry "state", ticket stages "ticketState").
	Metadata map[string]string
}

// Stage resolves a stage id across all pipelines of an object type and
// returns it with its pipeline.
func (e *Export) Stage(objectType, id string) (*Pipeline, *Stage) {
	if e == nil {
		return nil, nil
	}
	for _, p := range e.Pipelines[CanonicalObjectType(objectType)] {
		for _, s := range p.Stages {
			if s.ID == id {
				return p, s
			}
		}
	}
	return nil, nil
}

// Owner is a HubSpot owner (user).
type Owner struct {
	ID        string
	Email     string
	FirstName string
	LastName  string
	UserID    string
	Archived  bool
	Teams     []string
	Pos       Pos
	// Type is PERSON or QUEUE.
	Type string
	// SalesforceID is the Salesforce user the owner is linked to, when the
	// export carries it (legacy v2 activeSalesforceId / remoteList).
	SalesforceID string
}

// AssociationLabels lists the association types between two object types.
type AssociationLabels struct {
	From   string
	To     string
	Labels []AssociationLabel
	Pos    Pos
	// Records are record-level associations, present when the file is a
	// v4 batch-read response rather than a labels list.
	Records []AssociationRecord
}

// AssociationRecord is one associated pair from a v4 batch-read export,
// with every association type the pair carries (a contact's primary
// company shows as typeId 1 and 279 together).
type AssociationRecord struct {
	FromID  string
	ToID    string
	TypeIDs []int
	Labels  []string
	Pos     Pos
}

// AssociationLabel is one association type (v4 labels API).
type AssociationLabel struct {
	Category string // HUBSPOT_DEFINED, USER_DEFINED, INTEGRATOR_DEFINED
	TypeID   int
	Label    string // empty for the unlabeled default
	Pos      Pos
}

// ObjectSchema is an object schema from the schemas API.
type ObjectSchema struct {
	ID                 string
	ObjectTypeID       string
	Name               string
	FullyQualifiedName string
	LabelSingular      string
	LabelPlural        string
	MetaType           string
	RequiredProperties []string
	PrimaryDisplay     string
	Properties         []*Property
	Associations       []*SchemaAssociation
	Pos                Pos
}

// SchemaAssociation is an association definition of an object schema.
type SchemaAssociation struct {
	ID                 string
	FromObjectTypeID   string
	ToObjectTypeID     string
	Name               string
	Cardinality        string // ONE_TO_ONE, ONE_TO_MANY
	InverseCardinality string
	MaxToObjectIDs     int
	MaxFromObjectIDs   int
	Pos                Pos
	// HasUserEnforcedMax* report limits lowered by the portal.
	HasUserEnforcedMaxToObjectIDs   bool
	HasUserEnforcedMaxFromObjectIDs bool
}

// RecordFile is a record export found in the export folder; read it with
// OpenRecords, which streams.
type RecordFile struct {
	ObjectType string
	Path       string // absolute
	Pos        Pos    // relative file name
}

// AssociationFile is an association export (one row per associated pair).
type AssociationFile struct {
	From string
	To   string
	Path string
	Pos  Pos
}
