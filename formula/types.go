package formula

import "strings"

// Type is the static type of a formula expression. Types are bit flags so
// that a parameter can accept several of them.
type Type uint16

// Formula types. Number covers Number, Currency and Percent; Text covers
// Text, Text Area, Email, Phone, URL and Id/lookup values. Picklist and
// MultiPicklist are not first-class values: they may only be passed to a few
// functions ([DOC] Tips for Working with Picklist and Multi-Select Picklist
// Values in Formulas). Any is the dynamic type of a standard field that the
// schema does not describe; Null is the type of the NULL literal.
const (
	TypeAny Type = 1 << iota
	TypeNull
	TypeBoolean
	TypeNumber
	TypeText
	TypeDate
	TypeDateTime
	TypeTime
	TypePicklist
	TypeMultiPicklist
	TypeGeolocation
)

var typeNames = map[Type]string{
	TypeAny: "Any", TypeNull: "Null", TypeBoolean: "Checkbox", TypeNumber: "Number",
	TypeText: "Text", TypeDate: "Date", TypeDateTime: "DateTime", TypeTime: "Time",
	TypePicklist: "Picklist", TypeMultiPicklist: "MultiselectPicklist", TypeGeolocation: "Geolocation",
}

// String names the type as Salesforce's formula editor does.
func (t Type) String() string {
	if n, ok := typeNames[t]; ok {
		return n
	}
	var parts []string
	for b := Type(1); b != 0 && b <= TypeGeolocation; b <<= 1 {
		if t&b != 0 {
			parts = append(parts, typeNames[b])
		}
	}
	return strings.Join(parts, " or ")
}

// JSONName is the lower-case type name used in JSON output and typed values
// ("checkbox", "number", "text", "date", "datetime", "time", "picklist",
// "multipicklist", "null", "any").
func (t Type) JSONName() string {
	switch t {
	case TypeBoolean:
		return "checkbox"
	case TypeMultiPicklist:
		return "multipicklist"
	}
	return strings.ToLower(t.String())
}

// FieldInfo describes a field as the type checker needs it.
type FieldInfo struct {
	// Name is the canonical API name (the schema's spelling).
	Name string
	// Type is the formula type of the field's value.
	Type Type
	// Kind is the Salesforce field type as written in metadata (Currency,
	// Percent, Email, Lookup, …); informational except for Percent, whose
	// stored value 24 reads as 0.24 in a formula.
	Kind string
	// Custom is true for custom fields (API name ending in __c).
	Custom bool
	// Values are the picklist API names, when known.
	Values []string
}

// IsID reports whether the field holds record Ids (Id, Lookup,
// MasterDetail, Hierarchy).
func (f FieldInfo) IsID() bool {
	switch strings.ToLower(f.Kind) {
	case "id", "lookup", "masterdetail", "hierarchy":
		return true
	}
	return false
}

// IsPercent reports whether the field is a Percent field.
func (f FieldInfo) IsPercent() bool { return strings.EqualFold(f.Kind, "Percent") }

// Schema is how the type checker reads the org: the fields of objects and
// the targets of relationships. Names are case-insensitive.
type Schema interface {
	// Object reports whether the org model knows the object and returns its
	// canonical API name.
	Object(name string) (canonical string, ok bool)
	// Field resolves a field of an object.
	Field(object, name string) (FieldInfo, bool)
	// Relationship resolves a relationship name of an object (Account,
	// Owner, RecordType, Parent, Custom__r, …) to the object it points at.
	Relationship(object, name string) (target string, ok bool)
}

// StaticSchema is a Schema held in maps, for tests, the CLI and callers
// whose types come from values rather than from an org.
type StaticSchema struct {
	// Objects maps object name to its fields (keys compared
	// case-insensitively).
	Objects map[string]map[string]FieldInfo
	// Relationships maps "Object.Relationship" to the target object.
	Relationships map[string]string
}

func lookupFold[V any](m map[string]V, key string) (string, V, bool) {
	if v, ok := m[key]; ok {
		return key, v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return k, v, true
		}
	}
	var zero V
	return "", zero, false
}

// Object implements Schema.
func (s *StaticSchema) Object(name string) (string, bool) {
	if s == nil {
		return "", false
	}
	k, _, ok := lookupFold(s.Objects, name)
	return k, ok
}

// Field implements Schema.
func (s *StaticSchema) Field(object, name string) (FieldInfo, bool) {
	if s == nil {
		return FieldInfo{}, false
	}
	_, fields, ok := lookupFold(s.Objects, object)
	if !ok {
		return FieldInfo{}, false
	}
	k, f, ok := lookupFold(fields, name)
	if ok && f.Name == "" {
		f.Name = k
	}
	return f, ok
}

// Relationship implements Schema.
func (s *StaticSchema) Relationship(object, name string) (string, bool) {
	if s == nil {
		return "", false
	}
	_, t, ok := lookupFold(s.Relationships, object+"."+name)
	return t, ok
}

// IsCustomName reports whether an API name is a custom component's name
// (__c field or object, __r relationship, __mdt, __x, __e, __b, __kav …).
// Unknown custom names are type errors; unknown standard names are
// accepted as Any (see the package documentation).
func IsCustomName(name string) bool {
	i := strings.LastIndex(name, "__")
	if i <= 0 {
		return false
	}
	switch strings.ToLower(name[i+2:]) {
	case "c", "r", "mdt", "x", "e", "b", "kav", "ka", "share", "history", "feed", "latitude__s", "longitude__s", "s":
		return true
	}
	return false
}
