package formula

import (
	"fmt"
	"strings"
)

// Parameter type sets used by the function table.
const (
	tN   = TypeNumber
	tT   = TypeText
	tB   = TypeBoolean
	tD   = TypeDate
	tDT  = TypeDateTime
	tTm  = TypeTime
	tAny = TypeNumber | TypeText | TypeDate | TypeDateTime | TypeTime | TypeBoolean
)

// funcSpec describes a function with fixed parameter types. Functions with
// special rules (IF, CASE, ISPICKVAL, …) are checked in checkSpecial.
type funcSpec struct {
	params []Type // parameter types; len = maximum arity
	min    int    // minimum arity
	ret    Type   // 0: the type of the first argument
	// variadic repeats the last parameter type without limit.
	variadic bool
}

func fs(ret Type, min int, params ...Type) funcSpec {
	return funcSpec{params: params, min: min, ret: ret}
}

// simpleFuncs are the functions whose signature is a plain list of types
// ([DOC] Formula Operators and Functions by Context; Formulas Quick
// Reference).
var simpleFuncs = map[string]funcSpec{
	// text
	"BEGINS":         fs(tB, 2, tT, tT),
	"CONTAINS":       fs(tB, 2, tT, tT),
	"FIND":           fs(tN, 2, tT, tT, tN),
	"LEFT":           fs(tT, 2, tT, tN),
	"RIGHT":          fs(tT, 2, tT, tN),
	"MID":            fs(tT, 3, tT, tN, tN),
	"LEN":            fs(tN, 1, tT),
	"LOWER":          fs(tT, 1, tT, tT),
	"UPPER":          fs(tT, 1, tT, tT),
	"TRIM":           fs(tT, 1, tT),
	"LPAD":           fs(tT, 2, tT, tN, tT),
	"RPAD":           fs(tT, 2, tT, tN, tT),
	"SUBSTITUTE":     fs(tT, 3, tT, tT, tT),
	"VALUE":          fs(tN, 1, tT),
	"REGEX":          fs(tB, 2, tT, tT),
	"ISNUMBER":       fs(tB, 1, tT),
	"CASESAFEID":     fs(tT, 1, tT),
	"HYPERLINK":      fs(tT, 2, tT, tT, tT),
	"IMAGE":          fs(tT, 2, tT, tT, tN, tN),
	"BR":             fs(tT, 0),
	"INITCAP":        fs(tT, 1, tT),
	"REVERSE":        fs(tT, 1, tT),
	"ASCII":          fs(tN, 1, tT),
	"CHR":            fs(tT, 1, tN),
	"HTMLENCODE":     fs(tT, 1, tT),
	"JSENCODE":       fs(tT, 1, tT),
	"JSINHTMLENCODE": fs(tT, 1, tT),
	"URLENCODE":      fs(tT, 1, tT),
	// math
	"ABS":      fs(tN, 1, tN),
	"CEILING":  fs(tN, 1, tN),
	"FLOOR":    fs(tN, 1, tN),
	"ROUND":    fs(tN, 2, tN, tN),
	"MCEILING": fs(tN, 1, tN),
	"MFLOOR":   fs(tN, 1, tN),
	"MOD":      fs(tN, 2, tN, tN),
	"SQRT":     fs(tN, 1, tN),
	"EXP":      fs(tN, 1, tN),
	"LN":       fs(tN, 1, tN),
	"LOG":      fs(tN, 1, tN),
	"TRUNC":    fs(tN, 1, tN, tN),
	"PI":       fs(tN, 0),
	"MAX":      {params: []Type{tN}, min: 1, ret: tN, variadic: true},
	"MIN":      {params: []Type{tN}, min: 1, ret: tN, variadic: true},
	"ACOS":     fs(tN, 1, tN),
	"ASIN":     fs(tN, 1, tN),
	"ATAN":     fs(tN, 1, tN),
	"ATAN2":    fs(tN, 2, tN, tN),
	"COS":      fs(tN, 1, tN),
	"SIN":      fs(tN, 1, tN),
	"TAN":      fs(tN, 1, tN),
	// date and time
	"TODAY":          fs(tD, 0),
	"NOW":            fs(tDT, 0),
	"TIMENOW":        fs(tTm, 0),
	"DATE":           fs(tD, 3, tN, tN, tN),
	"DATEVALUE":      fs(tD, 1, tT|tDT|tD),
	"DATETIMEVALUE":  fs(tDT, 1, tT|tD|tDT),
	"TIMEVALUE":      fs(tTm, 1, tT|tDT|tTm),
	"YEAR":           fs(tN, 1, tD|tDT),
	"MONTH":          fs(tN, 1, tD|tDT),
	"DAY":            fs(tN, 1, tD|tDT),
	"WEEKDAY":        fs(tN, 1, tD|tDT),
	"DAYOFYEAR":      fs(tN, 1, tD|tDT),
	"ISOWEEK":        fs(tN, 1, tD|tDT),
	"ISOYEAR":        fs(tN, 1, tD|tDT),
	"HOUR":           fs(tN, 1, tTm|tDT),
	"MINUTE":         fs(tN, 1, tTm|tDT),
	"SECOND":         fs(tN, 1, tTm|tDT),
	"MILLISECOND":    fs(tN, 1, tTm|tDT),
	"UNIXTIMESTAMP":  fs(tN, 1, tD|tDT|tTm),
	"FROMUNIXTIME":   fs(tDT, 1, tN),
	"FORMATDURATION": fs(tT, 1, tN|tDT|tTm, tB|tDT|tTm),
	"ADDMONTHS":      fs(0, 2, tD|tDT, tN),
	// logical with plain signatures
	"ISNEW":   fs(tB, 0),
	"ISCLONE": fs(tB, 0),
	"NOT":     fs(tB, 1, tB),
	"AND":     {params: []Type{tB}, min: 1, ret: tB, variadic: true},
	"OR":      {params: []Type{tB}, min: 1, ret: tB, variadic: true},
}

// specialFuncs are checked by hand in checkSpecial.
var specialFuncs = map[string]bool{
	"IF": true, "CASE": true, "ISBLANK": true, "ISNULL": true, "BLANKVALUE": true, "NULLVALUE": true,
	"ISPICKVAL": true, "INCLUDES": true, "ISCHANGED": true, "PRIORVALUE": true, "TEXT": true, "IFERROR": true,
	"VLOOKUP": true,
}

// unsupportedFuncs are real Salesforce functions that cannot be evaluated
// here, with the reason given to the user.
var unsupportedFuncs = map[string]string{
	"GETRECORDIDS":      "GETRECORDIDS is only available in custom buttons and links",
	"GETSESSIONID":      "GETSESSIONID is only available in custom buttons, links and Visualforce",
	"REQUIRESCRIPT":     "REQUIRESCRIPT is only available in custom buttons and links",
	"LINKTO":            "LINKTO is only available in custom buttons, links and Visualforce",
	"URLFOR":            "URLFOR is only available in custom buttons, links and Visualforce",
	"INCLUDE":           "INCLUDE is only available in s-controls",
	"CURRENCYRATE":      "CURRENCYRATE needs the org's currency table",
	"GEOLOCATION":       "geolocation values are not supported by synclint's evaluator",
	"DISTANCE":          "geolocation values are not supported by synclint's evaluator",
	"FORMATCURRENCY":    "FORMATCURRENCY depends on the org's currency and locale settings",
	"PARENTGROUPVAL":    "PARENTGROUPVAL is only available in report summary formulas",
	"PREVGROUPVAL":      "PREVGROUPVAL is only available in report summary formulas",
	"ISPICKVALCONTAINS": "not a Salesforce formula function",
	"JSONVALUE":         "JSON functions are not available in validation rules",
	"JSONPATHVALUE":     "JSON functions are not available in validation rules",
	"IN":                "IN is an extension of the open-source formula engine, not a Salesforce formula function",
	"LIKE":              "LIKE is an extension of the open-source formula engine, not a Salesforce formula function",
	"SUBSTR":            "SUBSTR is an extension of the open-source formula engine, not a Salesforce formula function (use MID)",
}

// KnownFunction reports whether name (any case) is a function this package
// evaluates.
func KnownFunction(name string) bool {
	u := strings.ToUpper(name)
	_, ok := simpleFuncs[u]
	return ok || specialFuncs[u]
}

func (c *checker) call(n *Call) Type {
	name := n.Upper()
	if why, ok := unsupportedFuncs[name]; ok {
		for _, a := range n.Args {
			if id, ok := unparen(a).(*Ident); ok && strings.HasPrefix(strings.ToLower(id.Name), "$objecttype.") {
				continue
			}
			c.expr(a)
		}
		c.errorf(n, "unsupported function %s: %s", name, why)
		return TypeAny
	}
	if specialFuncs[name] {
		return c.special(n, name)
	}
	spec, ok := simpleFuncs[name]
	if !ok {
		for _, a := range n.Args {
			c.expr(a)
		}
		c.errorf(n, "unknown function %s; check the spelling", n.Name)
		return TypeAny
	}
	args := make([]Type, len(n.Args))
	for i, a := range n.Args {
		args[i] = c.expr(a)
	}
	if !c.arity(n, spec.min, len(spec.params), spec.variadic) {
		return spec.retFor(args)
	}
	for i, t := range args {
		p := spec.params[min(i, len(spec.params)-1)]
		c.want(n.Args[i], t, p, fmt.Sprintf("argument %d of %s", i+1, name))
	}
	if name == "FORMATDURATION" && len(args) == 2 && args[0]&TypeNumber != 0 && !accepts(tB, args[1]) {
		c.mismatch(n.Args[1], args[1], tB, "argument 2 of FORMATDURATION")
	}
	return spec.retFor(args)
}

func (s funcSpec) retFor(args []Type) Type {
	if s.ret != 0 {
		return s.ret
	}
	if len(args) > 0 && args[0]&(TypeDate|TypeDateTime) != 0 {
		return args[0]
	}
	return TypeAny
}

// vlookup checks VLOOKUP(field_to_return, field_on_lookup_object,
// lookup_value) ([DOC] VLOOKUP: validation rules only; the first two
// arguments are $ObjectType.Object.Fields.Field references of the same
// object). Its value depends on other records: it compiles into a variable
// that Eval treats as blank unless the caller binds it (under the key
// returned by VLookupKey), and partial evaluation treats as unknown.
func (c *checker) vlookup(n *Call) Type {
	if !c.arity(n, 3, 3, false) {
		return TypeAny
	}
	var objs [2]string
	var fields [2]string
	for i := 0; i < 2; i++ {
		id, ok := unparen(n.Args[i]).(*Ident)
		segs := []string(nil)
		if ok {
			segs = id.Segments()
		}
		if !ok || len(segs) != 4 || !strings.EqualFold(segs[0], "$ObjectType") || !strings.EqualFold(segs[2], "Fields") {
			c.errorf(n.Args[i], "argument %d of VLOOKUP must be a field reference of the form $ObjectType.Object.Fields.Field", i+1)
			return TypeAny
		}
		objs[i], fields[i] = segs[1], segs[3]
	}
	if !strings.EqualFold(objs[0], objs[1]) {
		c.errorf(n, "the first two arguments of VLOOKUP must name fields of the same object (%s, %s)", objs[0], objs[1])
		return TypeAny
	}
	key := c.expr(n.Args[2])
	c.want(n.Args[2], key, valueTypes, "argument 3 of VLOOKUP")
	t := TypeAny
	if s := c.opts.Schema; s != nil {
		if f, ok := s.Field(objs[0], fields[0]); ok {
			t = f.Type
		} else if _, known := s.Object(objs[0]); known && IsCustomName(fields[0]) {
			c.errorf(n.Args[0], "field %s does not exist on %s", fields[0], objs[0])
		}
		if t == TypePicklist || t == TypeMultiPicklist {
			t = TypeText
		}
	}
	c.diag(SeverityWarning, n, "VLOOKUP reads other %s records: its value is unknown here (blank in evaluation unless bound as %q)", objs[0], VLookupKey(c.out.Formula, n))
	return t
}

// VLookupKey is the name under which a VLOOKUP call's value is bound in an
// Input or Activation: "VLOOKUP(" + the call's arguments as written + ")".
func VLookupKey(f *Formula, n *Call) string {
	if len(n.Args) == 0 {
		return "VLOOKUP()"
	}
	return "VLOOKUP(" + strings.Join(strings.Fields(f.Source[n.Args[0].Start().Offset:n.Args[len(n.Args)-1].End()]), " ") + ")"
}

func (c *checker) arity(n *Call, min, max int, variadic bool) bool {
	got := len(n.Args)
	switch {
	case variadic && got >= min, !variadic && got >= min && got <= max:
		return true
	case variadic:
		c.errorf(n, "incorrect number of parameters for function '%s()'. Expected at least %d, received %d", n.Upper(), min, got)
	case min == max:
		c.errorf(n, "incorrect number of parameters for function '%s()'. Expected %d, received %d", n.Upper(), min, got)
	default:
		c.errorf(n, "incorrect number of parameters for function '%s()'. Expected %d to %d, received %d", n.Upper(), min, max, got)
	}
	return false
}

// valueTypes are the types a general expression may have (no picklists).
const valueTypes = TypeNumber | TypeText | TypeDate | TypeDateTime | TypeTime | TypeBoolean

func (c *checker) special(n *Call, name string) Type {
	if name == "VLOOKUP" {
		return c.vlookup(n)
	}
	args := make([]Type, len(n.Args))
	for i, a := range n.Args {
		args[i] = c.expr(a)
	}
	switch name {
	case "IF":
		if !c.arity(n, 3, 3, false) {
			return TypeAny
		}
		c.want(n.Args[0], args[0], TypeBoolean, "the condition of IF")
		c.want(n.Args[1], args[1], valueTypes, "IF")
		c.want(n.Args[2], args[2], valueTypes, "IF")
		t, ok := unify(args[1], args[2])
		if !ok {
			c.errorf(n, "incorrect parameter type for function 'IF()': the branches have different types (%s and %s)", args[1], args[2])
			return TypeAny
		}
		return t
	case "IFERROR":
		if !c.arity(n, 2, 2, false) {
			return TypeAny
		}
		t, ok := unify(args[0], args[1])
		if !ok {
			c.errorf(n, "incorrect parameter type for function 'IFERROR()': the arguments have different types (%s and %s)", args[0], args[1])
			return TypeAny
		}
		return t
	case "CASE":
		// [DOC] CASE: CASE(expression, value1, result1, …, else_result);
		// the expression may be a picklist, values have its type.
		if len(n.Args) < 4 || len(n.Args)%2 != 0 {
			c.errorf(n, "incorrect number of parameters for function 'CASE()': expected an expression, value/result pairs and an else result (an even number, at least 4), received %d", len(n.Args))
			return TypeAny
		}
		et := args[0]
		if et == TypeMultiPicklist {
			c.mismatch(n.Args[0], et, valueTypes, "CASE")
		}
		keyType := et
		if et == TypePicklist {
			keyType = TypeText
		}
		res := TypeNull
		for i := 1; i < len(n.Args); i++ {
			isValue := i%2 == 1 && i != len(n.Args)-1
			if isValue {
				if c.want(n.Args[i], args[i], valueTypes, "a CASE value") {
					if _, ok := unify(keyType, args[i]); !ok {
						c.errorf(n.Args[i], "incorrect parameter type for function 'CASE()': value has type %s, the expression has type %s", args[i], keyType)
					}
				}
				continue
			}
			if !c.want(n.Args[i], args[i], valueTypes, "a CASE result") {
				continue
			}
			t, ok := unify(res, args[i])
			if !ok {
				c.errorf(n.Args[i], "incorrect parameter type for function 'CASE()': result has type %s, earlier results have type %s", args[i], res)
				continue
			}
			res = t
		}
		return res
	case "ISBLANK", "ISNULL":
		if !c.arity(n, 1, 1, false) {
			return TypeBoolean
		}
		switch args[0] {
		case TypePicklist:
			c.errorf(n.Args[0], "%s is a picklist field; picklist fields are only supported in ISPICKVAL, CASE, TEXT, ISCHANGED and PRIORVALUE (use ISBLANK(TEXT(%s)) or ISPICKVAL(%s, \"\"))", c.out.Text(n.Args[0]), c.out.Text(n.Args[0]), c.out.Text(n.Args[0]))
		case TypeBoolean:
			if name == "ISBLANK" {
				// [DOC] ISBLANK tips: checkbox fields are never blank;
				// formula-language.md §4.2.
				c.errorf(n.Args[0], "incorrect argument type for ISBLANK: a checkbox is never blank")
			}
		}
		return TypeBoolean
	case "BLANKVALUE", "NULLVALUE":
		if !c.arity(n, 2, 2, false) {
			return TypeAny
		}
		c.want(n.Args[0], args[0], valueTypes&^TypeBoolean, name)
		c.want(n.Args[1], args[1], valueTypes&^TypeBoolean, name)
		t, ok := unify(args[0], args[1])
		if !ok {
			c.errorf(n, "incorrect parameter type for function '%s()': the arguments have different types (%s and %s)", name, args[0], args[1])
			return TypeAny
		}
		return t
	case "ISPICKVAL":
		if !c.arity(n, 2, 2, false) {
			return TypeBoolean
		}
		if args[0] != TypePicklist && args[0] != TypeAny {
			c.errorf(n.Args[0], "incorrect argument type for ISPICKVAL: expected a picklist field, received %s", args[0])
		}
		if _, ok := unparen(n.Args[1]).(*StringLit); !ok {
			// [DOC] ISPICKVAL: "text_literal … cannot be a merge field or
			// the result of a function"; engine FunctionIsPickVal.validate.
			c.errorf(n.Args[1], "the second argument of ISPICKVAL must be a text literal in quotes")
		}
		return TypeBoolean
	case "INCLUDES":
		if !c.arity(n, 2, 2, false) {
			return TypeBoolean
		}
		if args[0] != TypeMultiPicklist && args[0] != TypeAny {
			c.errorf(n.Args[0], "incorrect argument type for INCLUDES: expected a multi-select picklist field, received %s", args[0])
		}
		lit, ok := unparen(n.Args[1]).(*StringLit)
		switch {
		case !ok:
			c.errorf(n.Args[1], "the second argument of INCLUDES must be a text literal in quotes")
		case strings.TrimSpace(lit.Value) == "":
			// [DOC] INCLUDES: an empty text_literal such as "" or " " is an error.
			c.errorf(n.Args[1], "the second argument of INCLUDES must not be empty")
		}
		return TypeBoolean
	case "ISCHANGED", "PRIORVALUE":
		if !c.arity(n, 1, 1, false) {
			return TypeAny
		}
		id, ok := unparen(n.Args[0]).(*Ident)
		if !ok || id.IsGlobal() || strings.Contains(id.Name, ".") {
			// Engine FunctionIsChanged / FunctionPriorValue reject anything
			// but a field of the record (InvalidFieldReferenceForFunctionException).
			c.errorf(n.Args[0], "%s accepts only a field of the record itself (no expressions, globals or cross-object references)", name)
			return TypeAny
		}
		c.out.priorUse[id] = true
		if name == "ISCHANGED" {
			return TypeBoolean
		}
		return args[0]
	case "TEXT":
		if !c.arity(n, 1, 1, false) {
			return TypeText
		}
		c.want(n.Args[0], args[0], TypeNumber|TypeDate|TypeDateTime|TypeTime|TypePicklist|TypeText, "TEXT")
		return TypeText
	}
	return TypeAny
}
