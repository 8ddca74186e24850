package formula

import (
	"fmt"
	"sort"
	"strings"
)

// Severity of a Diagnostic.
type Severity string

// Severities: an error makes the formula invalid (Salesforce would refuse to
// save it); a warning is a note (for example a standard field the schema does
// not describe, accepted with the dynamic type Any).
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Diagnostic is a problem the type checker found, at a place in the formula.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	Pos      Position `json:"pos"`
	End      int      `json:"end"`
	Message  string   `json:"message"`
}

// Error renders the diagnostic as "line L, column C: message".
func (d Diagnostic) Error() string {
	return "line " + itoa(d.Pos.Line) + ", column " + itoa(d.Pos.Col) + ": " + d.Message
}

// RefKind tells what a merge-field reference points at.
type RefKind int

// Reference kinds.
const (
	// RefField is a field of the record (possibly through relationships).
	RefField RefKind = iota
	// RefGlobal is a $-global ($User.Username, $Setup.X__c.Y__c, …).
	RefGlobal
)

// Reference is a resolved merge field.
type Reference struct {
	Kind RefKind
	// Path is the canonical reference (schema spelling where known), e.g.
	// "Account.Owner.Email", "$User.Username", "$Setup.Bypass__c.Active__c".
	Path string
	// Global is the global's name for RefGlobal ("$User", "$Setup", …).
	Global string
	// Object is the object that holds the final field ("" when unknown).
	Object string
	// Field describes the final field (Type Any when unresolved).
	Field FieldInfo
	// CrossObject is true when the path goes through a relationship.
	CrossObject bool
	// Resolved is false when the schema could not describe the field.
	Resolved bool
}

// Checked is a type-checked formula.
type Checked struct {
	*Formula
	// Object is the object the formula belongs to.
	Object string
	// Type is the formula's result type.
	Type        Type
	Diagnostics []Diagnostic

	types map[Node]Type
	refs  map[*Ident]*Reference
	// priorUse marks identifiers read through ISCHANGED or PRIORVALUE.
	priorUse map[*Ident]bool
}

// TypeOf returns the static type of a node of the formula.
func (c *Checked) TypeOf(n Node) Type { return c.types[n] }

// Ref returns the resolved reference of an identifier.
func (c *Checked) Ref(id *Ident) *Reference { return c.refs[id] }

// Err returns the first error diagnostic, or nil.
func (c *Checked) Err() error {
	for i := range c.Diagnostics {
		if c.Diagnostics[i].Severity == SeverityError {
			d := c.Diagnostics[i]
			return &d
		}
	}
	return nil
}

// Warnings returns the warning-level diagnostics.
func (c *Checked) Warnings() []Diagnostic {
	var out []Diagnostic
	for _, d := range c.Diagnostics {
		if d.Severity == SeverityWarning {
			out = append(out, d)
		}
	}
	return out
}

// CheckOptions configure the type checker.
type CheckOptions struct {
	// Object is the object whose records the formula reads.
	Object string
	// Schema resolves fields; nil makes every field dynamic (type Any)
	// without warnings.
	Schema Schema
	// AllowLong skips the 3,900-character limit.
	AllowLong bool
}

// Check type-checks a parsed formula. The result is always non-nil;
// Diagnostics hold errors and warnings in source order.
func Check(f *Formula, opts CheckOptions) *Checked {
	c := &checker{opts: opts, out: &Checked{Formula: f, Object: opts.Object,
		types: map[Node]Type{}, refs: map[*Ident]*Reference{}, priorUse: map[*Ident]bool{}}}
	if opts.Schema != nil && opts.Object != "" {
		if canon, ok := opts.Schema.Object(opts.Object); ok {
			c.out.Object = canon
			c.objectKnown = true
		}
	}
	if !opts.AllowLong && len(f.Source) > MaxFormulaLength {
		c.errorf(f.Root, "formula is %d characters long; Salesforce allows at most %d (spaces, line breaks and comments included)", len(f.Source), MaxFormulaLength)
	}
	c.out.Type = c.expr(f.Root)
	sort.SliceStable(c.out.Diagnostics, func(i, j int) bool {
		return c.out.Diagnostics[i].Pos.Offset < c.out.Diagnostics[j].Pos.Offset
	})
	return c.out
}

type checker struct {
	opts        CheckOptions
	out         *Checked
	objectKnown bool
}

func (c *checker) diag(sev Severity, n Node, format string, args ...any) {
	c.out.Diagnostics = append(c.out.Diagnostics, Diagnostic{Severity: sev, Pos: n.Start(), End: n.End(), Message: fmt.Sprintf(format, args...)})
}

func (c *checker) errorf(n Node, format string, args ...any) {
	c.diag(SeverityError, n, format, args...)
}

func (c *checker) expr(n Node) Type {
	t := c.expr1(n)
	c.out.types[n] = t
	return t
}

func (c *checker) expr1(n Node) Type {
	switch n := n.(type) {
	case *NumberLit:
		return TypeNumber
	case *StringLit:
		return TypeText
	case *BoolLit:
		return TypeBoolean
	case *NullLit:
		return TypeNull
	case *Paren:
		return c.expr(n.X)
	case *Ident:
		return c.ident(n)
	case *Unary:
		t := c.expr(n.X)
		switch n.Op {
		case OpNot, OpNotBang:
			c.want(n.X, t, TypeBoolean, "NOT")
			return TypeBoolean
		default:
			c.want(n.X, t, TypeNumber, "unary "+strings.TrimSpace(n.Op.String()))
			if t == TypeAny {
				return TypeAny
			}
			return TypeNumber
		}
	case *Binary:
		return c.binary(n)
	case *Call:
		return c.call(n)
	}
	return TypeAny
}

// accepts reports whether an argument of type t fits a parameter of
// types want (Any and Null fit everything).
func accepts(want, t Type) bool { return t&(TypeAny|TypeNull) != 0 || want&t != 0 }

func (c *checker) want(n Node, t, want Type, what string) bool {
	if accepts(want, t) {
		return true
	}
	c.mismatch(n, t, want, what)
	return false
}

func (c *checker) mismatch(n Node, t, want Type, what string) {
	if t == TypePicklist {
		c.errorf(n, "%s is a picklist field; picklist fields are only supported in ISPICKVAL, CASE, TEXT, ISCHANGED and PRIORVALUE", c.out.Text(n))
		return
	}
	if t == TypeMultiPicklist {
		c.errorf(n, "%s is a multi-select picklist field; it is only supported in INCLUDES, ISBLANK, ISNULL, ISCHANGED and PRIORVALUE", c.out.Text(n))
		return
	}
	c.errorf(n, "incorrect argument type for %s: expected %s, received %s", what, want, t)
}

// unify returns the common type of two branches, or ok=false.
func unify(a, b Type) (Type, bool) {
	switch {
	case a == b:
		return a, true
	case a == TypeNull:
		return b, true
	case b == TypeNull:
		return a, true
	case a == TypeAny:
		return b, true
	case b == TypeAny:
		return a, true
	}
	return 0, false
}

func (c *checker) binary(n *Binary) Type {
	x := c.expr(n.X)
	y := c.expr(n.Y)
	op := n.Op
	switch op {
	case OpAnd, OpOr:
		c.want(n.X, x, TypeBoolean, "operator "+op.String())
		c.want(n.Y, y, TypeBoolean, "operator "+op.String())
		return TypeBoolean
	case OpEq, OpEqEq, OpNe, OpNeBang, OpLt, OpGt, OpLe, OpGe:
		allowed := TypeNumber | TypeText | TypeDate | TypeDateTime | TypeTime | TypeBoolean
		if op < OpLt && (isNullLit(n.X) || isNullLit(n.Y)) {
			// A picklist compared with NULL is a blank test: Salesforce
			// accepts it ([OBS] the active rule
			// ita-sfdcci WIN__c.Once_create_can_not_change_record_type:
			// PRIORVALUE(WIN_Type__c) <> NULL).
			allowed |= TypePicklist
		}
		if op >= OpLt {
			allowed &^= TypeBoolean
		}
		okx := c.want(n.X, x, allowed, "operator "+op.String())
		oky := c.want(n.Y, y, allowed, "operator "+op.String())
		if okx && oky {
			if _, ok := unify(x, y); !ok {
				c.errorf(n, "incorrect parameter type for operator '%s': cannot compare %s with %s", op, x, y)
			}
		}
		return TypeBoolean
	case OpConcat:
		c.want(n.X, x, TypeText, "operator &")
		c.want(n.Y, y, TypeText, "operator &")
		return TypeText
	case OpMul, OpDiv, OpPow:
		c.want(n.X, x, TypeNumber, "operator "+op.String())
		c.want(n.Y, y, TypeNumber, "operator "+op.String())
		if x == TypeAny || y == TypeAny {
			return TypeAny
		}
		return TypeNumber
	}
	// + and -: engine OperatorAddOrSubtract; formula-language.md §2.
	if x == TypeAny || y == TypeAny {
		return TypeAny
	}
	if x == TypeNull && y == TypeNull {
		return TypeNull
	}
	isNum := func(t Type) bool { return t == TypeNumber || t == TypeNull }
	switch {
	case isNum(x) && isNum(y):
		return TypeNumber
	case op == OpAdd && (x == TypeText || x == TypeNull) && (y == TypeText || y == TypeNull):
		return TypeText
	case x&(TypeDate|TypeDateTime|TypeTime) != 0 && isNum(y):
		return x
	case op == OpAdd && isNum(x) && y&(TypeDate|TypeDateTime|TypeTime) != 0:
		return y
	case op == OpSub && x&(TypeDate|TypeDateTime|TypeTime) != 0 && (x == y || y == TypeNull):
		return TypeNumber
	}
	if x == TypePicklist || x == TypeMultiPicklist {
		c.mismatch(n.X, x, TypeNumber, "operator "+op.String())
	} else if y == TypePicklist || y == TypeMultiPicklist {
		c.mismatch(n.Y, y, TypeNumber, "operator "+op.String())
	} else {
		c.errorf(n, "incorrect parameter type for operator '%s': %s %s %s is not defined", op, x, op, y)
	}
	return TypeAny
}

func isNullLit(n Node) bool { _, ok := unparen(n).(*NullLit); return ok }

// ---- merge fields -------------------------------------------------------

func (c *checker) ident(id *Ident) Type {
	ref := c.resolve(id)
	c.out.refs[id] = ref
	return ref.Field.Type
}

func (c *checker) warnf(n Node, format string, args ...any) {
	c.diag(SeverityWarning, n, format, args...)
}

// resolve resolves a merge field. Policy (package doc): unknown custom names
// are errors, unknown standard names are Any with a warning.
func (c *checker) resolve(id *Ident) *Reference {
	segs := id.Segments()
	for _, s := range segs {
		if s == "" {
			c.errorf(id, "invalid field reference %s", id.Name)
			return &Reference{Kind: RefField, Path: id.Name, Field: FieldInfo{Name: id.Name, Type: TypeAny}}
		}
	}
	if id.IsGlobal() {
		return c.resolveGlobal(id, segs)
	}
	ref := &Reference{Kind: RefField, CrossObject: len(segs) > 1}
	s := c.opts.Schema
	if s == nil {
		ref.Path = id.Name
		ref.Field = FieldInfo{Name: segs[len(segs)-1], Type: TypeAny, Custom: IsCustomName(segs[len(segs)-1])}
		return ref
	}
	obj := c.out.Object
	if !c.objectKnown && c.opts.Object != "" {
		obj = c.opts.Object
	}
	known := c.objectKnown
	path := make([]string, 0, len(segs))
	for i, seg := range segs[:len(segs)-1] {
		name, explicit, _ := strings.Cut(seg, ":")
		if obj == "" {
			path = append(path, segs[i:]...)
			return c.unresolved(id, ref, path, obj, segs[len(segs)-1])
		}
		target, ok := s.Relationship(obj, name)
		if explicit != "" {
			// Polymorphic Owner:User.Email names the target explicitly.
			if canon, ok2 := s.Object(explicit); ok2 {
				target, ok = canon, true
			} else {
				target, ok = explicit, true
			}
			name = name + ":" + target
		}
		if !ok {
			if known && IsCustomName(name) && !hasNamespace(name) {
				c.errorf(id, "field %s does not exist: %s has no relationship %s", id.Name, obj, name)
				ref.Path = id.Name
				ref.Field = FieldInfo{Name: segs[len(segs)-1], Type: TypeAny}
				return ref
			}
			path = append(path, segs[i:]...)
			return c.unresolved(id, ref, path, obj, segs[len(segs)-1])
		}
		path = append(path, canonicalRel(name))
		obj = target
		_, known = s.Object(obj)
		if canon, ok := s.Object(obj); ok {
			obj = canon
		}
	}
	last := segs[len(segs)-1]
	var f FieldInfo
	ok := false
	if obj != "" {
		f, ok = s.Field(obj, last)
	}
	if !ok {
		if known && IsCustomName(last) && !hasNamespace(last) {
			c.errorf(id, "field %s does not exist on %s", last, obj)
			ref.Path = strings.Join(append(path, last), ".")
			ref.Object = obj
			ref.Field = FieldInfo{Name: last, Type: TypeAny, Custom: true}
			return ref
		}
		path = append(path, last)
		return c.unresolved(id, ref, path, obj, last)
	}
	if f.Name == "" {
		f.Name = last
	}
	ref.Path = strings.Join(append(path, f.Name), ".")
	ref.Object = obj
	ref.Field = f
	ref.Resolved = true
	return ref
}

func canonicalRel(s string) string { return s }

// hasNamespace reports whether a custom name carries a managed-package
// namespace (ns__Field__c). Such fields belong to an installed package that
// a checkout usually does not contain, so an unknown one is a warning.
func hasNamespace(name string) bool {
	first := strings.Index(name, "__")
	return first > 0 && first != strings.LastIndex(name, "__")
}

// unresolved accepts a standard field the schema does not describe.
func (c *checker) unresolved(id *Ident, ref *Reference, path []string, obj, last string) *Reference {
	ref.Path = strings.Join(path, ".")
	ref.Object = obj
	ref.Field = FieldInfo{Name: last, Type: TypeAny, Custom: IsCustomName(last)}
	where := obj
	if where == "" {
		where = "the object"
	}
	c.warnf(id, "%s is not described by the org metadata (%s); accepted as a standard field of unknown type", id.Name, where)
	return ref
}

// Globals with a fixed shape: name → field types of well-known members
// ([DOC] Global Variables; FormulaGlobal enum).
var globalObjects = map[string]string{
	"$user": "User", "$profile": "Profile", "$userrole": "UserRole", "$organization": "Organization",
	"$recordtype": "RecordType",
}

var builtinGlobalFields = map[string]map[string]Type{
	"User": {"id": TypeText, "username": TypeText, "alias": TypeText, "email": TypeText, "firstname": TypeText,
		"lastname": TypeText, "name": TypeText, "profileid": TypeText, "userroleid": TypeText, "contactid": TypeText,
		"accountid": TypeText, "isactive": TypeBoolean, "uitheme": TypeText, "uithemedisplayed": TypeText,
		"department": TypeText, "division": TypeText, "title": TypeText, "companyname": TypeText,
		"federationidentifier": TypeText, "usertype": TypeText, "managerid": TypeText, "languagelocalekey": TypeText,
		"localesidkey": TypeText, "timezonesidkey": TypeText, "communitynickname": TypeText, "employeenumber": TypeText,
		"country": TypeText, "state": TypeText, "city": TypeText, "phone": TypeText, "createddate": TypeDateTime},
	"Profile": {"id": TypeText, "name": TypeText, "usertype": TypeText, "description": TypeText, "userlicenseid": TypeText},
	"UserRole": {"id": TypeText, "name": TypeText, "developername": TypeText, "rolenames": TypeText,
		"parentroleid": TypeText, "portaltype": TypeText},
	"Organization": {"id": TypeText, "name": TypeText, "division": TypeText, "street": TypeText, "city": TypeText,
		"state": TypeText, "postalcode": TypeText, "country": TypeText, "phone": TypeText, "fax": TypeText,
		"primarycontact": TypeText, "defaultlocalesidkey": TypeText, "languagelocalekey": TypeText,
		"timezonesidkey": TypeText, "uiskin": TypeText, "organizationtype": TypeText, "instancename": TypeText,
		"issandbox": TypeBoolean},
	"RecordType": {"id": TypeText, "name": TypeText, "developername": TypeText, "description": TypeText,
		"isactive": TypeBoolean, "namespaceprefix": TypeText, "sobjecttype": TypeText, "businessprocessid": TypeText},
}

func (c *checker) resolveGlobal(id *Ident, segs []string) *Reference {
	g := strings.ToLower(segs[0])
	ref := &Reference{Kind: RefGlobal, Global: segs[0]}
	fail := func(format string, args ...any) *Reference {
		c.errorf(id, format, args...)
		ref.Path = id.Name
		ref.Field = FieldInfo{Name: segs[len(segs)-1], Type: TypeAny}
		return ref
	}
	need := func(n int, shape string) bool {
		if len(segs) != n {
			fail("invalid reference %s: expected %s", id.Name, shape)
			return false
		}
		return true
	}
	canonGlobal := map[string]string{"$user": "$User", "$profile": "$Profile", "$userrole": "$UserRole",
		"$organization": "$Organization", "$recordtype": "$RecordType", "$permission": "$Permission",
		"$setup": "$Setup", "$label": "$Label", "$custommetadata": "$CustomMetadata", "$system": "$System",
		"$api": "$Api", "$objecttype": "$ObjectType", "$site": "$Site", "$network": "$Network",
		"$componentlabel": "$ComponentLabel", "$action": "$Action", "$resource": "$Resource",
		"$currentpage": "$CurrentPage", "$page": "$Page", "$usertheme": "$UserTheme"}
	cg, known := canonGlobal[g]
	if !known {
		return fail("unknown global variable %s", segs[0])
	}
	ref.Global = cg
	switch g {
	case "$user", "$profile", "$userrole", "$organization", "$recordtype":
		if !need(2, segs[0]+".Field") {
			return ref
		}
		obj := globalObjects[g]
		name := segs[1]
		var f FieldInfo
		ok := false
		if c.opts.Schema != nil {
			f, ok = c.opts.Schema.Field(obj, name)
		}
		if !ok {
			if t, ok2 := builtinGlobalFields[obj][strings.ToLower(name)]; ok2 {
				f, ok = FieldInfo{Name: name, Type: t}, true
				if strings.HasSuffix(strings.ToLower(name), "id") {
					f.Kind = "Id"
				}
			}
		}
		ref.Object = obj
		if !ok {
			f = FieldInfo{Name: name, Type: TypeAny, Custom: IsCustomName(name)}
			if c.opts.Schema != nil {
				_, objKnown := c.opts.Schema.Object(obj)
				if IsCustomName(name) && objKnown {
					c.errorf(id, "field %s does not exist on %s", name, obj)
				} else {
					c.warnf(id, "%s is not described by the org metadata; accepted with unknown type", id.Name)
				}
			}
		} else {
			ref.Resolved = true
			if f.Name == "" {
				f.Name = name
			}
		}
		ref.Field = f
		ref.Path = cg + "." + f.Name
	case "$permission":
		if !need(2, "$Permission.Custom_Permission_Name") {
			return ref
		}
		ref.Field = FieldInfo{Name: segs[1], Type: TypeBoolean, Kind: "Checkbox"}
		ref.Path = cg + "." + segs[1]
		ref.Resolved = true
	case "$label":
		if !need(2, "$Label.Label_Name") {
			return ref
		}
		ref.Field = FieldInfo{Name: segs[1], Type: TypeText}
		ref.Path = cg + "." + segs[1]
		ref.Resolved = true
	case "$setup":
		if !need(3, "$Setup.Setting__c.Field__c") {
			return ref
		}
		c.settingField(id, ref, segs[1], segs[2])
		ref.Path = cg + "." + ref.Object + "." + ref.Field.Name
	case "$custommetadata":
		if !need(4, "$CustomMetadata.Type__mdt.Record_Name.Field__c") {
			return ref
		}
		c.settingField(id, ref, segs[1], segs[3])
		ref.Path = cg + "." + ref.Object + "." + segs[2] + "." + ref.Field.Name
	case "$system":
		if !need(2, "$System.OriginDateTime") || !strings.EqualFold(segs[1], "OriginDateTime") {
			return fail("unknown global %s (only $System.OriginDateTime exists)", id.Name)
		}
		ref.Field = FieldInfo{Name: "OriginDateTime", Type: TypeDateTime}
		ref.Path = "$System.OriginDateTime"
		ref.Resolved = true
	case "$api":
		if !need(2, "$Api.Name") {
			return ref
		}
		ref.Field = FieldInfo{Name: segs[1], Type: TypeText}
		ref.Path = cg + "." + segs[1]
		ref.Resolved = true
	case "$objecttype":
		return fail("%s can only be used as an argument of VLOOKUP", id.Name)
	default:
		return fail("%s is not available in validation rules (it exists only in Visualforce pages, buttons or Experience Cloud sites)", segs[0])
	}
	return ref
}

// settingField resolves a field of a custom setting or custom metadata type.
func (c *checker) settingField(id *Ident, ref *Reference, obj, field string) {
	ref.Object = obj
	ref.Field = FieldInfo{Name: field, Type: TypeAny, Custom: IsCustomName(field)}
	s := c.opts.Schema
	if s == nil {
		return
	}
	canon, ok := s.Object(obj)
	if !ok {
		c.warnf(id, "%s: %s is not in the org metadata; accepted with unknown type", id.Name, obj)
		return
	}
	ref.Object = canon
	f, ok := s.Field(canon, field)
	if !ok {
		if IsCustomName(field) {
			c.errorf(id, "field %s does not exist on %s", field, canon)
		} else {
			c.warnf(id, "%s is not described by the org metadata; accepted with unknown type", id.Name)
		}
		return
	}
	if f.Name == "" {
		f.Name = field
	}
	ref.Field = f
	ref.Resolved = true
}
