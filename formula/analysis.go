package formula

import (
	"sort"
	"strings"
	"time"
)

// FieldRef is a record field a formula reads.
type FieldRef struct {
	// Path is the canonical reference ("StageName", "Account.Owner.Email").
	Path string
	// Object holds the final field ("" when unknown).
	Object string
	Field  FieldInfo
	// CrossObject is true when the path goes through a relationship: the
	// value comes from a related record, not from the write.
	CrossObject bool
	// Current is true when the formula reads the field's current value.
	Current bool
	// Prior is true when the formula reads it through ISCHANGED or
	// PRIORVALUE (the value before the update).
	Prior bool
	// Positions are the places the field is referenced.
	Positions []Position
}

// GlobalRef is a global variable a formula reads.
type GlobalRef struct {
	// Path is the canonical reference ("$User.Username",
	// "$Setup.Bypass__c.Disable__c", "$Permission.Bypass_VR").
	Path string
	// Global is "$User", "$Profile", "$UserRole", "$Permission", "$Setup",
	// "$Label", "$Organization", "$CustomMetadata", …
	Global    string
	Field     FieldInfo
	Positions []Position
}

// Fields returns the record fields the formula reads, in order of first
// reference.
func (c *Checked) Fields() []FieldRef {
	var out []FieldRef
	idx := map[string]int{}
	Walk(c.Root, func(n Node) bool {
		id, ok := n.(*Ident)
		if !ok {
			return true
		}
		ref := c.refs[id]
		if ref == nil || ref.Kind != RefField {
			return true
		}
		key := strings.ToLower(ref.Path)
		i, seen := idx[key]
		if !seen {
			i = len(out)
			idx[key] = i
			out = append(out, FieldRef{Path: ref.Path, Object: ref.Object, Field: ref.Field, CrossObject: ref.CrossObject})
		}
		f := &out[i]
		f.Positions = append(f.Positions, id.Start())
		if c.priorUse[id] {
			f.Prior = true
		}
		return true
	})
	// A field read through ISCHANGED/PRIORVALUE is also read as current
	// value (ISCHANGED compares both; PRIORVALUE on create is the current
	// value); direct references set Current.
	cur := map[string]bool{}
	Walk(c.Root, func(n Node) bool {
		if call, ok := n.(*Call); ok && (call.Upper() == "ISCHANGED") {
			for _, a := range call.Args {
				if id, ok := unparen(a).(*Ident); ok {
					cur[strings.ToLower(c.refs[id].Path)] = true
				}
			}
			return false
		}
		if call, ok := n.(*Call); ok && call.Upper() == "PRIORVALUE" {
			return false
		}
		if id, ok := n.(*Ident); ok {
			if ref := c.refs[id]; ref != nil && ref.Kind == RefField {
				cur[strings.ToLower(ref.Path)] = true
			}
		}
		return true
	})
	for i := range out {
		out[i].Current = cur[strings.ToLower(out[i].Path)]
	}
	return out
}

// Globals returns the global variables the formula reads, in order of first
// reference.
func (c *Checked) Globals() []GlobalRef {
	var out []GlobalRef
	idx := map[string]int{}
	Walk(c.Root, func(n Node) bool {
		id, ok := n.(*Ident)
		if !ok {
			return true
		}
		ref := c.refs[id]
		if ref == nil || ref.Kind != RefGlobal {
			return true
		}
		key := strings.ToLower(ref.Path)
		i, seen := idx[key]
		if !seen {
			i = len(out)
			idx[key] = i
			out = append(out, GlobalRef{Path: ref.Path, Global: ref.Global, Field: ref.Field})
		}
		out[i].Positions = append(out[i].Positions, id.Start())
		return true
	})
	return out
}

// Comparison is a constant the formula compares a field with: a hint for
// searching record values that make the formula TRUE (witnesses).
type Comparison struct {
	// Op is "=", "<>", "<", "<=", ">", ">=", "INCLUDES", "BEGINS",
	// "CONTAINS", "REGEX" or "ISBLANK", read as "field Op Value".
	Op string
	// Via names the function between the field and the comparison: ""
	// (the field itself), "ISPICKVAL", "CASE", "TEXT", "LEN", "PRIORVALUE",
	// "UPPER", "LOWER", "TRIM", "VALUE", "DATEVALUE", "YEAR", "MONTH", …
	Via   string
	Value Value
	Pos   Position
}

// Witnesses returns candidate field values around the comparison's
// boundary: the constant itself and its neighbours (±1 for numbers and
// dates, a text of the compared length for LEN).
func (cmp Comparison) Witnesses() []Value {
	v := cmp.Value
	switch cmp.Via {
	case "LEN":
		if v.Kind != KindNumber {
			return nil
		}
		var out []Value
		for _, n := range []float64{v.Num - 1, v.Num, v.Num + 1} {
			if n >= 0 && n <= 131072 {
				out = append(out, Text(strings.Repeat("x", int(n))))
			}
		}
		return out
	case "", "ISPICKVAL", "CASE", "TEXT", "PRIORVALUE", "INCLUDES":
	default:
		return []Value{v}
	}
	switch v.Kind {
	case KindNumber:
		return []Value{Number(v.Num - 1), v, Number(v.Num + 1)}
	case KindDate:
		return []Value{{Kind: KindDate, Time: v.Time.AddDate(0, 0, -1)}, v, {Kind: KindDate, Time: v.Time.AddDate(0, 0, 1)}}
	case KindDateTime:
		return []Value{DateTime(v.Time.Add(-time.Second)), v, DateTime(v.Time.Add(time.Second))}
	case KindText:
		if cmp.Op == "<>" || cmp.Op == "=" {
			return []Value{v, Null()}
		}
	}
	return []Value{v}
}

var mirrored = map[string]string{"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "=", "<>": "<>"}

// wrappers are the functions Literals looks through to find the field.
var wrappers = map[string]bool{"TEXT": true, "LEN": true, "PRIORVALUE": true, "UPPER": true, "LOWER": true,
	"TRIM": true, "VALUE": true, "DATEVALUE": true, "YEAR": true, "MONTH": true, "DAY": true, "ABS": true}

// fieldOf unwraps n to a record field, returning its path and the
// outermost wrapping function.
func (c *Checked) fieldOf(n Node) (string, string, bool) {
	via := ""
	for {
		n = unparen(n)
		switch x := n.(type) {
		case *Ident:
			ref := c.refs[x]
			if ref == nil || ref.Kind != RefField {
				return "", "", false
			}
			return ref.Path, via, true
		case *Call:
			if !wrappers[x.Upper()] || len(x.Args) != 1 {
				return "", "", false
			}
			if via == "" {
				via = x.Upper()
			}
			n = x.Args[0]
		default:
			return "", "", false
		}
	}
}

// constValue evaluates a constant sub-expression (no fields, no clock).
func (c *Checked) constValue(n Node) (Value, bool) {
	switch x := unparen(n).(type) {
	case *NumberLit:
		return Number(x.Value), true
	case *StringLit:
		return Text(x.Value), true
	case *BoolLit:
		return Bool(x.Value), true
	case *NullLit:
		return Null(), true
	}
	constant := true
	Walk(n, func(m Node) bool {
		switch y := m.(type) {
		case *Ident:
			constant = false
		case *Call:
			switch y.Upper() {
			case "TODAY", "NOW", "TIMENOW", "ISNEW", "ISCLONE", "VLOOKUP":
				constant = false
			}
		}
		return constant
	})
	if !constant {
		return Null(), false
	}
	p, err := Compile(Print(n), Options{})
	if err != nil {
		return Null(), false
	}
	v, err := p.Eval(&Input{Now: time.Unix(0, 0)})
	if err != nil {
		return Null(), false
	}
	return v, true
}

// Literals returns, per field path, the constants the formula compares the
// field with, e.g. ISPICKVAL(StageName, 'Closed Lost') → StageName: =
// "Closed Lost"; LEN(Name) > 10 → Name: LEN > 10.
func (c *Checked) Literals() map[string][]Comparison {
	out := map[string][]Comparison{}
	add := func(path, op, via string, v Value, pos Position) {
		out[path] = append(out[path], Comparison{Op: op, Via: via, Value: v, Pos: pos})
	}
	Walk(c.Root, func(n Node) bool {
		switch x := n.(type) {
		case *Binary:
			op := x.Op.String()
			switch x.Op {
			case OpEqEq:
				op = "="
			case OpNeBang:
				op = "<>"
			}
			if _, ok := mirrored[op]; !ok {
				return true
			}
			if path, via, ok := c.fieldOf(x.X); ok {
				if v, ok := c.constValue(x.Y); ok {
					add(path, op, via, v, x.OpPos)
				}
			} else if path, via, ok := c.fieldOf(x.Y); ok {
				if v, ok := c.constValue(x.X); ok {
					add(path, mirrored[op], via, v, x.OpPos)
				}
			}
		case *Call:
			a := x.Args
			switch x.Upper() {
			case "ISPICKVAL", "INCLUDES", "BEGINS", "CONTAINS", "REGEX":
				if len(a) != 2 {
					return true
				}
				path, via, ok := c.fieldOf(a[0])
				if !ok {
					return true
				}
				v, ok := c.constValue(a[1])
				if !ok {
					return true
				}
				op := x.Upper()
				if op == "ISPICKVAL" {
					op = "="
					if via == "" {
						via = "ISPICKVAL"
					}
				}
				add(path, op, via, v, x.Start())
			case "CASE":
				if len(a) < 4 {
					return true
				}
				path, via, ok := c.fieldOf(a[0])
				if !ok {
					return true
				}
				if via == "" {
					via = "CASE"
				}
				for i := 1; i+1 < len(a); i += 2 {
					if v, ok := c.constValue(a[i]); ok {
						add(path, "=", via, v, a[i].Start())
					}
				}
			case "ISBLANK", "ISNULL":
				if len(a) == 1 {
					if path, via, ok := c.fieldOf(a[0]); ok {
						add(path, "ISBLANK", via, Null(), x.Start())
					}
				}
			}
		}
		return true
	})
	for k := range out {
		sort.SliceStable(out[k], func(i, j int) bool { return out[k][i].Pos.Offset < out[k][j].Pos.Offset })
	}
	return out
}

// Fields returns the record fields the program reads (see Checked.Fields).
func (p *Program) Fields() []FieldRef { return p.Checked.Fields() }

// Globals returns the globals the program reads (see Checked.Globals).
func (p *Program) Globals() []GlobalRef { return p.Checked.Globals() }

// Literals returns the constants each field is compared with (see
// Checked.Literals).
func (p *Program) Literals() map[string][]Comparison { return p.Checked.Literals() }
