package formula

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// Kind is the runtime kind of a Value.
type Kind int

// Value kinds.
const (
	KindNull Kind = iota
	KindBool
	KindNumber
	KindText
	KindDate
	KindDateTime
	KindTime
)

var kindNames = [...]string{"null", "checkbox", "number", "text", "date", "datetime", "time"}

// String names the kind as the CLI's typed values do.
func (k Kind) String() string { return kindNames[k] }

// Value is a Salesforce value given to or returned by the evaluator.
// Picklists and multi-select picklists are Text (the API name; multi-select
// values joined with ';'). A Percent field's value is the number Salesforce
// stores and displays (24 for 24 %); the evaluator divides it by 100.
type Value struct {
	Kind Kind
	Bool bool
	Num  float64
	Str  string
	// Time holds dates (midnight UTC), date/times, and times of day (as an
	// offset from the zero day, see TimeOfDay).
	Time time.Time
}

// Null is the blank value.
func Null() Value { return Value{} }

// Bool returns a checkbox value.
func Bool(b bool) Value { return Value{Kind: KindBool, Bool: b} }

// Number returns a number value.
func Number(x float64) Value { return Value{Kind: KindNumber, Num: x} }

// Text returns a text value ("" is blank).
func Text(s string) Value { return Value{Kind: KindText, Str: s} }

// Date returns a date value.
func Date(y int, m time.Month, d int) Value {
	return Value{Kind: KindDate, Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DateTime returns a date/time value.
func DateTime(t time.Time) Value { return Value{Kind: KindDateTime, Time: t.UTC()} }

// TimeOfDay returns a time value (milliseconds since midnight).
func TimeOfDay(ms int64) Value {
	return Value{Kind: KindTime, Time: time.Time{}.Add(time.Duration(ms) * time.Millisecond)}
}

// IsNull reports whether v is blank.
func (v Value) IsNull() bool { return v.Kind == KindNull }

// String renders the value as TEXT() would ("" for blank).
func (v Value) String() string {
	switch v.Kind {
	case KindBool:
		if v.Bool {
			return "true"
		}
		return "false"
	case KindNumber:
		return formatNumber(v.Num)
	case KindText:
		return v.Str
	case KindDate:
		return v.Time.Format("2006-01-02")
	case KindDateTime:
		return v.Time.UTC().Format(time.RFC3339Nano)
	case KindTime:
		return formatTime(v.Time.Sub(time.Time{}))
	}
	return ""
}

// MarshalJSON renders null, booleans and numbers natively and everything
// else as its string form.
func (v Value) MarshalJSON() ([]byte, error) {
	switch v.Kind {
	case KindNull:
		return []byte("null"), nil
	case KindBool:
		return json.Marshal(v.Bool)
	case KindNumber:
		if math.IsInf(v.Num, 0) || math.IsNaN(v.Num) {
			return json.Marshal(fmt.Sprint(v.Num))
		}
		return json.Marshal(v.Num)
	}
	return json.Marshal(v.String())
}

// toCEL converts a value for a variable of static type t.
func (v Value) toCEL(t Type, percent bool) ref.Val {
	switch v.Kind {
	case KindNull:
		switch t {
		case TypeText, TypePicklist, TypeMultiPicklist:
			return types.String("")
		case TypeBoolean:
			// A checkbox is never blank: unchecked is FALSE.
			return types.False
		}
		return types.NullValue
	case KindBool:
		return types.Bool(v.Bool)
	case KindNumber:
		if percent {
			return types.Double(v.Num / 100)
		}
		return types.Double(v.Num)
	case KindText:
		if v.Str == "" && t != TypeText && t != TypePicklist && t != TypeMultiPicklist && t != TypeAny {
			return types.NullValue
		}
		return types.String(v.Str)
	case KindDate:
		return types.Int(daysOf(v.Time))
	case KindDateTime:
		return types.Timestamp{Time: v.Time.UTC()}
	case KindTime:
		return timeOf(int64(v.Time.Sub(time.Time{}) / time.Millisecond))
	}
	return types.NullValue
}

// fromCEL converts an evaluation result. Blank text is reported as NULL, as
// Salesforce does ("No kept row expects an empty string", conformance README).
func fromCEL(v ref.Val) (Value, error) {
	switch x := v.(type) {
	case types.Null:
		return Null(), nil
	case types.Bool:
		return Bool(bool(x)), nil
	case types.Double:
		return Number(float64(x)), nil
	case types.String:
		if x == "" {
			return Null(), nil
		}
		return Text(string(x)), nil
	case types.Int:
		return Value{Kind: KindDate, Time: dateOf(int64(x))}, nil
	case types.Timestamp:
		return DateTime(x.Time), nil
	case types.Duration:
		return TimeOfDay(int64(x.Duration / time.Millisecond)), nil
	case *types.Err:
		return Null(), x
	}
	return Null(), fmt.Errorf("unexpected result of type %s", v.Type())
}
