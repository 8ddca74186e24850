package formula

import (
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// CEL functions implementing Salesforce semantics. Every parameter is
// declared dyn: the Salesforce type checker has already run, and blanks
// (null) must reach the functions. All functions are strict (unknowns
// propagate for partial evaluation) except sf_iferror.

type unaryFn = func(ref.Val) ref.Val
type binaryFn = func(ref.Val, ref.Val) ref.Val
type naryFn = func(...ref.Val) ref.Val

func dyns(n int) []*cel.Type {
	out := make([]*cel.Type, n)
	for i := range out {
		out[i] = cel.DynType
	}
	return out
}

// fn declares a CEL function with one overload per arity in [minArgs, maxArgs].
func fn(name string, ret *cel.Type, impl any, arities ...int) cel.EnvOption {
	var opts []cel.FunctionOpt
	for _, n := range arities {
		id := name + "_" + string(rune('0'+n))
		var b cel.OverloadOpt
		switch f := impl.(type) {
		case unaryFn:
			b = cel.UnaryBinding(f)
		case binaryFn:
			b = cel.BinaryBinding(f)
		case naryFn:
			switch n {
			case 1:
				b = cel.UnaryBinding(func(a ref.Val) ref.Val { return f(a) })
			case 2:
				b = cel.BinaryBinding(func(a, c ref.Val) ref.Val { return f(a, c) })
			default:
				b = cel.FunctionBinding(f)
			}
		case func() ref.Val:
			b = cel.FunctionBinding(func(...ref.Val) ref.Val { return f() })
		default:
			panic("formula: bad binding for " + name)
		}
		opts = append(opts, cel.Overload(id, dyns(n), ret, b))
	}
	return cel.Function(name, opts...)
}

var (
	baseEnvOnce sync.Once
	baseEnv     *cel.Env
	baseEnvErr  error
)

func celBool(pred func(ref.Val, ref.Val) ref.Val) binaryFn { return pred }

// sfIfError returns the fallback when the value is an error (non-strict:
// receives errors; unknowns pass through).
func sfIfError(args ...ref.Val) ref.Val {
	v := args[0]
	if types.IsUnknown(v) {
		return v
	}
	if types.IsError(v) {
		return args[1]
	}
	return v
}

func libraryOptions() []cel.EnvOption {
	B, D := cel.BoolType, cel.DynType
	return []cel.EnvOption{
		fn("sf_eq", B, binaryFn(cmpFunc(func(c int) bool { return c == 0 })), 2),
		fn("sf_ne", B, binaryFn(cmpFunc(func(c int) bool { return c != 0 })), 2),
		fn("sf_lt", B, binaryFn(relFunc(func(c int) bool { return c < 0 })), 2),
		fn("sf_le", B, binaryFn(relFunc(func(c int) bool { return c <= 0 })), 2),
		fn("sf_gt", B, binaryFn(relFunc(func(c int) bool { return c > 0 })), 2),
		fn("sf_ge", B, binaryFn(relFunc(func(c int) bool { return c >= 0 })), 2),
		fn("sf_eq3", D, binaryFn(cmp3Func(func(c int) bool { return c == 0 })), 2),
		fn("sf_ne3", D, binaryFn(cmp3Func(func(c int) bool { return c != 0 })), 2),
		fn("sf_lt3", D, binaryFn(rel3Func(func(c int) bool { return c < 0 })), 2),
		fn("sf_le3", D, binaryFn(rel3Func(func(c int) bool { return c <= 0 })), 2),
		fn("sf_gt3", D, binaryFn(rel3Func(func(c int) bool { return c > 0 })), 2),
		fn("sf_ge3", D, binaryFn(rel3Func(func(c int) bool { return c >= 0 })), 2),
		fn("sf_not3", D, unaryFn(sfNot3), 1),
		fn("sf_add", D, binaryFn(sfAdd), 2),
		fn("sf_sub", D, binaryFn(sfSub), 2),
		fn("sf_mul", D, binaryFn(sfMul), 2),
		fn("sf_div", D, binaryFn(sfDiv), 2),
		fn("sf_pow", D, binaryFn(sfPow), 2),
		fn("sf_neg", D, unaryFn(sfNeg), 1),
		fn("sf_concat", D, binaryFn(sfConcat), 2),
		fn("sf_is_true", B, unaryFn(sfIsTrue), 1),
		fn("sf_is_false", B, unaryFn(sfIsFalse), 1),
		fn("sf_isblank", B, unaryFn(sfIsBlank), 1),
		fn("sf_isnull", B, unaryFn(sfIsNull), 1),
		fn("sf_blankvalue", D, binaryFn(sfBlankValue), 2),
		fn("sf_nullvalue", D, binaryFn(sfNullValue), 2),
		fn("sf_changed", B, binaryFn(sfChanged), 2),
		fn("sf_begins", D, binaryFn(sfBegins), 2),
		fn("sf_contains", D, binaryFn(sfContains), 2),
		fn("sf_find", D, naryFn(sfFind), 2, 3),
		fn("sf_left", D, binaryFn(sfLeft), 2),
		fn("sf_right", D, binaryFn(sfRight), 2),
		fn("sf_mid", D, naryFn(sfMid), 3),
		fn("sf_len", D, unaryFn(sfLen), 1),
		fn("sf_lower", D, naryFn(sfLower), 1, 2),
		fn("sf_upper", D, naryFn(sfUpper), 1, 2),
		fn("sf_trim", D, unaryFn(sfTrim), 1),
		fn("sf_lpad", D, naryFn(sfLpad), 2, 3),
		fn("sf_rpad", D, naryFn(sfRpad), 2, 3),
		fn("sf_substitute", D, naryFn(sfSubstitute), 3),
		fn("sf_value", D, unaryFn(sfValue), 1),
		fn("sf_regex", B, binaryFn(sfRegex), 2),
		fn("sf_isnumber", B, unaryFn(sfIsNumber), 1),
		fn("sf_includes", B, binaryFn(sfIncludes), 2),
		fn("sf_casesafeid", D, unaryFn(sfCaseSafeID), 1),
		fn("sf_hyperlink", D, naryFn(sfHyperlink), 2, 3),
		fn("sf_image", D, naryFn(sfImage), 2, 3, 4),
		fn("sf_initcap", D, unaryFn(sfInitcap), 1),
		fn("sf_reverse", D, unaryFn(sfReverse), 1),
		fn("sf_ascii", D, unaryFn(sfASCII), 1),
		fn("sf_chr", D, unaryFn(sfChr), 1),
		fn("sf_htmlencode", D, unaryFn(sfHTMLEncode), 1),
		fn("sf_jsencode", D, unaryFn(sfJSEncode), 1),
		fn("sf_jsinhtmlencode", D, unaryFn(sfJSInHTMLEncode), 1),
		fn("sf_urlencode", D, unaryFn(sfURLEncode), 1),
		fn("sf_text", D, unaryFn(sfText), 1),
		fn("sf_abs", D, unaryFn(sfAbs), 1),
		fn("sf_ceiling", D, unaryFn(sfCeiling), 1),
		fn("sf_floor", D, unaryFn(sfFloor), 1),
		fn("sf_mceiling", D, unaryFn(sfMCeiling), 1),
		fn("sf_mfloor", D, unaryFn(sfMFloor), 1),
		fn("sf_round", D, binaryFn(sfRound), 2),
		fn("sf_trunc", D, naryFn(sfTrunc), 1, 2),
		fn("sf_mod", D, binaryFn(sfMod), 2),
		fn("sf_sqrt", D, unaryFn(sfSqrt), 1),
		fn("sf_exp", D, unaryFn(sfExp), 1),
		fn("sf_ln", D, unaryFn(sfLn), 1),
		fn("sf_log", D, unaryFn(sfLog), 1),
		fn("sf_acos", D, unaryFn(sfAcos), 1),
		fn("sf_asin", D, unaryFn(sfAsin), 1),
		fn("sf_atan", D, unaryFn(sfAtan), 1),
		fn("sf_atan2", D, binaryFn(sfAtan2), 2),
		fn("sf_cos", D, unaryFn(sfCos), 1),
		fn("sf_sin", D, unaryFn(sfSin), 1),
		fn("sf_tan", D, unaryFn(sfTan), 1),
		fn("sf_max", D, naryFn(extremum(false)), 1, 2, 3, 4, 5, 6, 7, 8, 9),
		fn("sf_min", D, naryFn(extremum(true)), 1, 2, 3, 4, 5, 6, 7, 8, 9),
		fn("sf_date", D, naryFn(sfDate), 3),
		fn("sf_datevalue", D, unaryFn(sfDateValue), 1),
		fn("sf_datetimevalue", D, unaryFn(sfDateTimeValue), 1),
		fn("sf_timevalue", D, unaryFn(sfTimeValue), 1),
		fn("sf_year", D, unaryFn(sfYear), 1),
		fn("sf_month", D, unaryFn(sfMonth), 1),
		fn("sf_day", D, unaryFn(sfDay), 1),
		fn("sf_weekday", D, unaryFn(sfWeekday), 1),
		fn("sf_dayofyear", D, unaryFn(sfDayOfYear), 1),
		fn("sf_isoweek", D, unaryFn(sfISOWeek), 1),
		fn("sf_isoyear", D, unaryFn(sfISOYear), 1),
		fn("sf_hour", D, unaryFn(sfHour), 1),
		fn("sf_minute", D, unaryFn(sfMinute), 1),
		fn("sf_second", D, unaryFn(sfSecond), 1),
		fn("sf_millisecond", D, unaryFn(sfMillisecond), 1),
		fn("sf_unixtimestamp", D, unaryFn(sfUnixTimestamp), 1),
		fn("sf_fromunixtime", D, unaryFn(sfFromUnixTime), 1),
		fn("sf_addmonths", D, binaryFn(sfAddMonths), 2),
		fn("sf_formatduration", D, naryFn(sfFormatDuration), 1, 2),
		cel.Function("sf_iferror", cel.Overload("sf_iferror_2", dyns(2), D,
			cel.FunctionBinding(sfIfError), cel.OverloadIsNonStrict())),
	}
}

// environment returns the shared base CEL environment with the Salesforce
// function library.
func environment() (*cel.Env, error) {
	baseEnvOnce.Do(func() {
		// The parser's nesting limit (200 levels) and the CEL size cap
		// (maxCELSize) bound what reaches CEL; its own limits are raised
		// so that they never reject a translation.
		opts := append(libraryOptions(), cel.ParserRecursionLimit(4000), cel.ParserExpressionSizeLimit(maxCELSize+1))
		baseEnv, baseEnvErr = cel.NewEnv(opts...)
	})
	return baseEnv, baseEnvErr
}
