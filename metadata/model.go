// Package metadata loads a Salesforce metadata checkout (SFDX source format or
// Metadata API format) into one in-memory org model. Every element carries the
// file and line it came from, so findings can point at it.
//
// The package stands alone: it knows nothing of HubSpot, of formulas beyond
// their text, or of the rules that synclint checks.
package metadata

import "strings"

// Pos is a position in a metadata file. File is relative to the project root
// and uses forward slashes; Line and Col are 1-based (Col counts bytes). A zero
// Pos means "no file": the element comes from built-in knowledge.
type Pos struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"column,omitempty"`
}

// IsZero reports whether p names no file.
func (p Pos) IsZero() bool { return p.File == "" }

// String renders p as file:line (or file:line:col when the column is known).
func (p Pos) String() string {
	if p.File == "" {
		return "<built-in>"
	}
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteByte(':')
		b.WriteString(itoa(p.Line))
		if p.Col > 0 {
			b.WriteByte(':')
			b.WriteString(itoa(p.Col))
		}
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// Format is the on-disk layout a checkout uses.
type Format string

const (
	// FormatSFDX is the source format: sfdx-project.json with package directories
	// and decomposed objects (objects/<Obj>/fields/<F>.field-meta.xml).
	FormatSFDX Format = "sfdx"
	// FormatMDAPI is the Metadata API format: package.xml and objects/<Obj>.object
	// holding fields, validation rules, record types and business processes inline.
	FormatMDAPI Format = "mdapi"
)

// DiagnosticKind is the tool-diagnostic rule a loader problem maps to.
type DiagnosticKind string

const (
	// DiagMalformed is a file that could not be read or parsed (SL01).
	DiagMalformed DiagnosticKind = "SL01"
)

// Diagnostic reports a file the loader could not read, or an element it could
// not understand. Loading never stops on one: everything else is still read.
type Diagnostic struct {
	Kind    DiagnosticKind `json:"kind"`
	Pos     Pos            `json:"pos"`
	Message string         `json:"message"`
}

// Org is the whole loaded org.
type Org struct {
	// Root is the absolute path of the checkout that was loaded.
	Root string
	// Formats lists the layouts found (a repository may hold both).
	Formats []Format
	// Namespace is the package's own namespace from sfdx-project.json, if any.
	// Source-format packages store their own components without the prefix.
	Namespace string
	// PackageDirs are the package directories read (relative to Root).
	PackageDirs []string
	// Roots are all the metadata roots read, in load order (SFDX package
	// directories first, then Metadata API folders). When two roots define
	// the same component, the first one wins.
	Roots []Root

	// Objects by lower-cased API name; use Object() for lookups.
	Objects map[string]*Object
	// GlobalValueSets by lower-cased name.
	GlobalValueSets map[string]*ValueSet
	// StandardValueSets by lower-cased name (LeadStatus, OpportunityStage, …).
	StandardValueSets map[string]*ValueSet
	DuplicateRules    []*DuplicateRule
	MatchingRules     []*MatchingRule
	// Address holds State and Country picklist settings; nil when the checkout
	// has no Address.settings (which does not mean the feature is off).
	Address *AddressSettings
	// Profiles and PermissionSets by lower-cased name (file name, URL-decoded).
	Profiles       map[string]*PermissionHolder
	PermissionSets map[string]*PermissionHolder
	// CustomPermissions by lower-cased API name.
	CustomPermissions map[string]*CustomPermission
	Triggers          []*ApexTrigger
	// Classes by lower-cased class name.
	Classes   map[string]*ApexClass
	Flows     []*Flow
	Workflows []*Workflow

	// Diagnostics are the SL01 problems met while loading.
	Diagnostics []Diagnostic
	// Stats counts what was read.
	Stats LoadStats
	// Markers holds every file Load read (path relative to Root, forward
	// slashes) with whether its text contains "synclint:" in any case: the
	// marker of suppression directives (findings/filter). Load decides it
	// from the bytes it already holds, so that the directive scan need not
	// read the checkout a second time.
	Markers map[string]bool `json:"-"`
}

// Root is one metadata root of a checkout: an SFDX package directory or a
// Metadata API folder (the directory holding package.xml and objects/, …).
type Root struct {
	// Path is relative to Org.Root, with forward slashes ("." for the root).
	Path   string
	Format Format
	// Namespace is the prefix applied to the root's custom components: set for
	// installed managed packages (a "Referenced Packages/<name>" folder whose
	// package.xml declares <namespacePrefix>), whose files omit the prefix the
	// org uses.
	Namespace string
	// Project is the sfdx-project.json the package directory comes from
	// (SFDX roots only).
	Project string
}

// LoadStats counts the files and elements a load read. Element counts cover
// what the checkout defines, not built-in knowledge.
type LoadStats struct {
	Files           int
	Bytes           int64
	Objects         int
	Fields          int
	ValidationRules int
	RecordTypes     int
	Profiles        int
	PermissionSets  int
	Flows           int
	Triggers        int
	Classes         int
	Workflows       int
	// Shadowed counts components a later root defined again and that were
	// ignored because an earlier root already defined them.
	Shadowed int
}

// Object looks an object up by API name, ignoring case.
func (o *Org) Object(name string) *Object {
	if o == nil {
		return nil
	}
	return o.Objects[strings.ToLower(name)]
}

// Field looks a field up by object and field API name, ignoring case.
func (o *Org) Field(object, field string) *Field {
	obj := o.Object(object)
	if obj == nil {
		return nil
	}
	return obj.Field(field)
}

// ResolveField looks a field up in the checkout and falls back to built-in
// knowledge of standard fields (see StandardField), so that standard fields
// of objects absent from the checkout still resolve.
func (o *Org) ResolveField(object, field string) *Field {
	if f := o.Field(object, field); f != nil {
		return f
	}
	if f, ok := StandardField(object, field); ok {
		return f
	}
	return nil
}

// ValueSet returns the values of a global value set or, failing that, a
// standard value set (checkout first, then built-in defaults).
func (o *Org) ValueSet(name string) *ValueSet {
	key := strings.ToLower(name)
	if o != nil {
		if vs := o.GlobalValueSets[key]; vs != nil {
			return vs
		}
		if vs := o.StandardValueSets[key]; vs != nil {
			return vs
		}
	}
	if vs, ok := StandardValueSet(name); ok {
		return vs
	}
	return nil
}

// PicklistValues returns the values a picklist field accepts: the inline
// values, or those of the global or standard value set backing it.
func (o *Org) PicklistValues(f *Field) []PicklistValue {
	if f == nil || f.Picklist == nil {
		return nil
	}
	p := f.Picklist
	if len(p.Values) > 0 {
		return p.Values
	}
	name := p.GlobalValueSet
	if name == "" {
		name = p.StandardValueSet
	}
	if name == "" {
		return nil
	}
	if vs := o.ValueSet(name); vs != nil {
		return vs.Values
	}
	return nil
}

// Object is a standard or custom object with its children.
type Object struct {
	Name  string
	Label string
	Pos   Pos
	// Custom is true for custom objects (names ending in __c, __mdt, …).
	Custom bool
	// Namespace is the managed-package namespace of the object's API name.
	Namespace string
	// Builtin is true when the object is known only from synclint's built-in
	// knowledge of standard objects (the checkout has no file for it).
	Builtin bool
	// NameField is the Name field of a custom object (Text or AutoNumber).
	// It is also present in Fields under "name".
	NameField *Field
	// CustomSettingsType is "Hierarchy" or "List" for custom settings.
	CustomSettingsType string
	SharingModel       string
	// Fields by lower-cased API name; FieldOrder keeps the load order.
	Fields            map[string]*Field
	FieldOrder        []string
	ValidationRules   []*ValidationRule
	RecordTypes       []*RecordType
	BusinessProcesses []*BusinessProcess
}

// Field looks a field up by API name, ignoring case.
func (o *Object) Field(name string) *Field {
	if o == nil {
		return nil
	}
	return o.Fields[strings.ToLower(name)]
}

// SortedFields returns the fields in load order.
func (o *Object) SortedFields() []*Field {
	out := make([]*Field, 0, len(o.FieldOrder))
	for _, k := range o.FieldOrder {
		if f := o.Fields[k]; f != nil {
			out = append(out, f)
		}
	}
	return out
}

// FieldType is the Salesforce field type as written in metadata (<type>).
type FieldType string

// Field types. Formula fields keep their result type and set Field.Formula.
const (
	TypeText                FieldType = "Text"
	TypeTextArea            FieldType = "TextArea"
	TypeLongTextArea        FieldType = "LongTextArea"
	TypeHTML                FieldType = "Html"
	TypeEncryptedText       FieldType = "EncryptedText"
	TypeNumber              FieldType = "Number"
	TypeCurrency            FieldType = "Currency"
	TypePercent             FieldType = "Percent"
	TypeCheckbox            FieldType = "Checkbox"
	TypeDate                FieldType = "Date"
	TypeDateTime            FieldType = "DateTime"
	TypeTime                FieldType = "Time"
	TypeEmail               FieldType = "Email"
	TypePhone               FieldType = "Phone"
	TypeURL                 FieldType = "Url"
	TypePicklist            FieldType = "Picklist"
	TypeMultiselectPicklist FieldType = "MultiselectPicklist"
	TypeLookup              FieldType = "Lookup"
	TypeMasterDetail        FieldType = "MasterDetail"
	TypeHierarchy           FieldType = "Hierarchy"
	TypeExternalLookup      FieldType = "ExternalLookup"
	TypeAutoNumber          FieldType = "AutoNumber"
	TypeSummary             FieldType = "Summary"
	TypeLocation            FieldType = "Location"
	TypeAddress             FieldType = "Address"
	// TypeID is the record Id field (built-in knowledge). Standard reference
	// fields (AccountId, OwnerId, …) are TypeLookup with ReferenceTo, as a
	// checkout's own field files describe them.
	TypeID FieldType = "Id"
	// TypeUnknown is a standard field whose file carries no <type> and that
	// built-in knowledge does not describe.
	TypeUnknown FieldType = ""
)

// IsText reports whether values of t are strings at the API level.
func (t FieldType) IsText() bool {
	switch t {
	case TypeText, TypeTextArea, TypeLongTextArea, TypeHTML, TypeEncryptedText,
		TypeEmail, TypePhone, TypeURL:
		return true
	}
	return false
}

// IsNumeric reports whether t holds a decimal number.
func (t FieldType) IsNumeric() bool {
	return t == TypeNumber || t == TypeCurrency || t == TypePercent
}

// IsPicklist reports whether t is a single- or multi-select picklist.
func (t FieldType) IsPicklist() bool {
	return t == TypePicklist || t == TypeMultiselectPicklist
}

// IsReference reports whether t points at another record.
func (t FieldType) IsReference() bool {
	return t == TypeLookup || t == TypeMasterDetail || t == TypeHierarchy || t == TypeExternalLookup || t == TypeID
}

// Field is one field of an object.
type Field struct {
	Object string
	Name   string
	Label  string
	Type   FieldType
	Pos    Pos
	// Namespace is the managed-package namespace derived from the API name.
	Namespace string
	// Standard is true for standard fields (no __c suffix).
	Standard bool
	// Builtin is true when everything known about the field comes from
	// synclint's built-in standard-object knowledge; Source then cites the
	// Salesforce documentation it came from.
	Builtin bool
	Source  string

	// Length is the maximum number of characters for text types (0 = unknown;
	// see EffectiveLength for the implicit lengths of fixed-size types).
	Length    int
	Precision int
	Scale     int
	// Required is the field-level required flag (<required>true</required>),
	// or for standard fields the "required on create" fact from built-in knowledge.
	Required      bool
	Unique        bool
	ExternalID    bool
	CaseSensitive bool
	DefaultValue  string
	// Formula is the formula text of a formula field; such fields are read-only.
	Formula string
	// SummaryOperation is set on roll-up summary fields.
	SummaryOperation string
	// DefaultedOnCreate marks standard fields Salesforce fills when a create
	// leaves them blank (Lead Status from the default LeadStatus value, …).
	DefaultedOnCreate bool
	// ReadOnly marks system fields the API cannot write (CreatedDate, …).
	ReadOnly bool

	Picklist *Picklist

	ReferenceTo      []string
	RelationshipName string
	// DeleteConstraint is SetNull, Restrict or Cascade for lookups.
	DeleteConstraint string
	LookupFilter     *LookupFilter
	// ReparentableMasterDetail is the master-detail reparenting flag.
	ReparentableMasterDetail bool
	Description              string
	InlineHelpText           string
	// DisplayFormat is the auto-number format ("R{0}").
	DisplayFormat string
}

// QualifiedName returns Object.Field.
func (f *Field) QualifiedName() string { return f.Object + "." + f.Name }

// IsCalculated reports whether the API cannot write the field (formula,
// roll-up summary, auto-number or a read-only system field).
func (f *Field) IsCalculated() bool {
	return f.Formula != "" || f.Type == TypeSummary || f.Type == TypeAutoNumber || f.ReadOnly
}

// EffectiveLength returns the maximum length the API enforces for text-like
// fields: the declared length, or the fixed length of the type.
//
// Fixed lengths: Email 80, Phone 40, Url 255, TextArea 255 (Salesforce
// "Custom Field Types", help.salesforce.com custom_field_types.htm).
func (f *Field) EffectiveLength() int {
	if f.Length > 0 {
		return f.Length
	}
	switch f.Type {
	case TypeEmail:
		return 80
	case TypePhone:
		return 40
	case TypeURL, TypeTextArea:
		return 255
	case TypeText:
		if !f.Standard {
			return 255
		}
	case TypePicklist:
		return 255
	}
	return 0
}

// Picklist describes the values of a picklist or multi-select picklist field.
type Picklist struct {
	Pos Pos
	// Restricted is true when the API rejects values outside the set.
	Restricted bool
	// GlobalValueSet names the global value set the field uses, if any.
	GlobalValueSet string
	// StandardValueSet names the standard value set backing a standard
	// picklist (LeadStatus, Industry, …), if any.
	StandardValueSet string
	// ControllingField names the controlling field of a dependent picklist.
	ControllingField string
	// Values defined inline on the field (empty when a value set is used).
	Values []PicklistValue
	// Dependencies maps each value to the controlling values it is valid
	// under (from <valueSettings> or legacy <controllingFieldValues>).
	Dependencies []ValueDependency
	Sorted       bool
	// Legacy is true when the field used the pre-API-38 <picklist> element.
	Legacy bool
}

// PicklistValue is one value of a picklist or value set.
type PicklistValue struct {
	// FullName is the API value (what the integration must send).
	FullName string
	Label    string
	Default  bool
	Active   bool
	Pos      Pos
	// Opportunity stage attributes (OpportunityStage standard value set).
	Closed           bool
	Won              bool
	Probability      string
	ForecastCategory string
	// Converted marks LeadStatus values used on conversion.
	Converted bool
}

// ValueDependency says a dependent picklist value is valid only under the
// listed controlling values ("checked"/"unchecked" for a checkbox controller).
type ValueDependency struct {
	Value             string
	ControllingValues []string
	Pos               Pos
}

// ValueSet is a global or standard value set.
type ValueSet struct {
	Name   string
	Label  string
	Pos    Pos
	Sorted bool
	// Standard is true for standard value sets.
	Standard bool
	// Builtin is true when the set comes from built-in knowledge (the
	// checkout has no file for it): its values are Salesforce's defaults.
	Builtin bool
	// Source cites the documentation of a built-in set.
	Source string
	Values []PicklistValue
}

// LookupFilter is a lookup filter on a Lookup or MasterDetail field.
type LookupFilter struct {
	Pos           Pos
	Active        bool
	IsOptional    bool
	BooleanFilter string
	ErrorMessage  string
	InfoMessage   string
	Description   string
	Items         []FilterItem
}

// FilterItem is one criterion of a lookup filter, duplicate-rule filter or
// workflow rule.
type FilterItem struct {
	Field      string
	Operation  string
	Value      string
	ValueField string
	// Table is the object of a duplicate-rule filter item.
	Table string
}

// ValidationRule is a validation rule of an object.
type ValidationRule struct {
	Object            string
	Name              string
	Active            bool
	Description       string
	Formula           string
	ErrorDisplayField string
	ErrorMessage      string
	// Namespace of a managed-package rule (ns__Rule).
	Namespace string
	// Pos is where the rule starts (the <validationRules> element in MDAPI,
	// the root element in SFDX).
	Pos Pos
	// FormulaPos is where the formula text starts (just after
	// <errorConditionFormula>).
	FormulaPos Pos
	// FormulaStart and FormulaEnd are the byte offsets in the raw file of the
	// escaped formula text (between the tags), for patches that must keep
	// every other byte of the file. The raw bytes are XML-escaped and keep
	// the file's line endings (CR LF in some repositories), while Formula is
	// unescaped with line endings normalized to LF, as XML parsing requires.
	FormulaStart int
	FormulaEnd   int
}

// QualifiedName returns Object.Rule.
func (r *ValidationRule) QualifiedName() string { return r.Object + "." + r.Name }

// RecordType is a record type with the picklist values it allows.
type RecordType struct {
	Object          string
	Name            string
	Label           string
	Active          bool
	BusinessProcess string
	Pos             Pos
	// Picklists maps lower-cased field name to the values allowed for that
	// field (already URL-decoded).
	Picklists map[string]*RecordTypePicklist
}

// RecordTypePicklist lists the values a record type allows for one field.
type RecordTypePicklist struct {
	Field  string
	Values []PicklistValue
	Pos    Pos
}

// BusinessProcess limits Lead Status, Opportunity Stage, Case Status (or
// Solution Status) values for the record types that use it.
type BusinessProcess struct {
	Object string
	Name   string
	Active bool
	Pos    Pos
	Values []PicklistValue
}

// DuplicateRule is an active or inactive duplicate rule.
type DuplicateRule struct {
	Object string
	Name   string
	Label  string
	Active bool
	Pos    Pos
	// ActionOnInsert and ActionOnUpdate are Allow or Block.
	ActionOnInsert string
	ActionOnUpdate string
	// OperationsOnInsert/Update list Alert and Report for Allow rules.
	OperationsOnInsert []string
	OperationsOnUpdate []string
	// MatchingRules are the matching rule names; MatchRules adds the object
	// each one matches against (a Lead rule may match Contacts).
	MatchingRules []string
	MatchRules    []MatchRuleRef
	FilterItems   []FilterItem
	// BooleanFilter is the filter logic of FilterItems ("1 OR 2").
	BooleanFilter string
}

// MatchRuleRef names a matching rule a duplicate rule uses.
type MatchRuleRef struct {
	Object string
	Rule   string
}

// MatchingRule is a matching rule used by duplicate rules.
type MatchingRule struct {
	Object string
	Name   string
	Active bool
	Pos    Pos
	Fields []string
}

// AddressSettings are the State and Country picklist settings.
type AddressSettings struct {
	Pos       Pos
	Countries []*Country
}

// Country is a country of the State and Country picklists.
type Country struct {
	ISOCode          string
	Label            string
	IntegrationValue string
	Active           bool
	Visible          bool
	OrgDefault       bool
	Standard         bool
	Pos              Pos
	States           []*State
}

// State is a state or province of a country.
type State struct {
	ISOCode          string
	Label            string
	IntegrationValue string
	Active           bool
	Visible          bool
	Standard         bool
	Pos              Pos
}

// PermissionHolder is a profile or a permission set.
type PermissionHolder struct {
	Name    string
	Label   string
	Profile bool
	Pos     Pos
	// License is the user license of a profile or permission set.
	License string
	// Objects by lower-cased object name.
	Objects map[string]*ObjectPermission
	// Fields by lower-cased "Object.Field".
	Fields map[string]*FieldPermission
	// CustomPermissions enabled, by lower-cased name.
	CustomPermissions map[string]bool
	// UserPermissions enabled (ModifyAllData, …), by lower-cased name.
	UserPermissions map[string]bool
	// DefaultRecordTypes maps lower-cased object name to the default record type.
	DefaultRecordTypes map[string]string
	// VisibleRecordTypes holds the record types assigned (visible), by
	// lower-cased "Object.RecordType".
	VisibleRecordTypes map[string]bool
}

// ObjectPermission is an <objectPermissions> entry.
type ObjectPermission struct {
	Object    string
	Create    bool
	Read      bool
	Edit      bool
	Delete    bool
	ViewAll   bool
	ModifyAll bool
	Pos       Pos
}

// FieldPermission is a <fieldPermissions> entry.
type FieldPermission struct {
	Field    string // Object.Field
	Readable bool
	Editable bool
	Pos      Pos
}

// CustomPermission is a custom permission definition.
type CustomPermission struct {
	Name  string
	Label string
	Pos   Pos
}

// ApexTrigger is a trigger with its source text.
type ApexTrigger struct {
	Name   string
	Object string
	// Events: before insert, after update, …
	Events []string
	// Active is true unless the -meta.xml status says Inactive or Deleted
	// (a trigger without a -meta.xml deploys as Active).
	Active bool
	// Status is the raw <status> of the -meta.xml (Active, Inactive, Deleted).
	Status string
	// Hidden is true for an installed managed package's trigger, whose
	// source is retrieved as "(hidden)": Object and Events are then unknown.
	Hidden bool
	Pos    Pos
	Source string
}

// ApexClass is a class with its source text.
type ApexClass struct {
	Name   string
	Pos    Pos
	Source string
	// Hidden is true for an installed managed package's class ("(hidden)").
	Hidden bool
}

// Flow is a flow or process (Process Builder) definition.
type Flow struct {
	// Name is the flow's API name (without the "-N" version suffix of
	// Metadata API files older than API 44).
	Name string
	// Version is the N of a versioned "Name-N.flow" file, else 0.
	Version     int
	Label       string
	ProcessType string // AutoLaunchedFlow, Workflow (Process Builder), Flow, …
	// Status is the raw <status> (Active, Draft, Obsolete, InvalidDraft);
	// empty in versioned files older than API 44, whose activity comes from
	// the FlowDefinition's activeVersionNumber. Active is the outcome.
	Status string
	Active bool
	Pos    Pos
	// Record-triggered start: object, CreateAndUpdate/Create/Update/Delete,
	// RecordBeforeSave/RecordAfterSave.
	Object            string
	RecordTriggerType string
	TriggerType       string
	// FieldWrites are the record fields the flow assigns.
	FieldWrites []FlowFieldWrite
	// CustomErrors are Custom Error elements that reject the save.
	CustomErrors []FlowCustomError
	// ProcessTriggerType is the Process Builder trigger (onCreateOnly,
	// onAllChanges) from processMetadataValues; RecordTriggerType and
	// TriggerType are derived from it for processes.
	ProcessTriggerType string
	// ActionCalls are the actions the flow invokes (Apex, email alerts, …).
	ActionCalls []FlowActionCall
}

// FlowActionCall is an <actionCalls> element.
type FlowActionCall struct {
	Name       string
	ActionType string
	ActionName string
	Pos        Pos
}

// FlowFieldWrite is one field the flow writes.
type FlowFieldWrite struct {
	// Object written (the triggering object for $Record writes).
	Object string
	Field  string
	// Element is the flow element's name (recordUpdates, assignments, …).
	Element string
	Kind    string // recordUpdate, recordCreate, assignment, processAction
	// Value is a literal or reference text, when simple.
	Value string
	// ValueType is the flow value element Value came from (stringValue,
	// booleanValue, numberValue, elementReference, formula, …).
	ValueType string
	Pos       Pos
}

// FlowCustomError is a Custom Error element.
type FlowCustomError struct {
	Name    string
	Message string
	Pos     Pos
}

// Workflow holds the workflow rules and field updates of one object.
type Workflow struct {
	Object       string
	Pos          Pos
	FieldUpdates []*WorkflowFieldUpdate
	Rules        []*WorkflowRule
}

// WorkflowFieldUpdate is a workflow field update action.
type WorkflowFieldUpdate struct {
	Name         string
	Field        string
	Operation    string // Literal, Formula, LookupValue, Null, NextValue, PreviousValue
	LiteralValue string
	Formula      string
	// LookupValue is the record Id an update of type LookupValue writes.
	LookupValue string
	// TargetObject is set when the update writes a parent (master) record.
	TargetObject string
	// ReevaluateOnChange re-runs workflow rules after the update.
	ReevaluateOnChange bool
	Pos                Pos
}

// WorkflowRule is a workflow rule and the actions it runs.
type WorkflowRule struct {
	Name        string
	Active      bool
	Formula     string
	TriggerType string
	Actions     []string // names of field updates (and other actions)
	// ActionRefs are the immediate and time-dependent actions with their types.
	ActionRefs    []WorkflowActionRef
	CriteriaItems []FilterItem
	BooleanFilter string
	Pos           Pos
}

// WorkflowActionRef is an action a workflow rule runs.
type WorkflowActionRef struct {
	Name string
	Type string // FieldUpdate, Alert, Task, OutboundMessage, …
	// TimeDependent is true for actions of a time trigger.
	TimeDependent bool
}
