package formula

import (
	"strings"
	"testing"
)

func TestCheckErrors(t *testing.T) {
	s := testSchema()
	for _, c := range []struct {
		src       string
		line, col int
		msg       string
	}{
		{`Pick__c = "A"`, 1, 1, "picklist field"},
		{`ISBLANK(Pick__c)`, 1, 9, "picklist field"},
		{`ISNULL(Pick__c)`, 1, 8, "picklist field"},
		{`LEN(Multi__c)`, 1, 5, "multi-select picklist"},
		{`CONTAINS(Multi__c, "a")`, 1, 10, "multi-select picklist"},
		{`ISPICKVAL(Pick__c, Txt__c)`, 1, 20, "must be a text literal"},
		{`ISPICKVAL(Txt__c, "a")`, 1, 11, "expected a picklist"},
		{`INCLUDES(Multi__c, " ")`, 1, 20, "must not be empty"},
		{`INCLUDES(Multi__c, Txt__c)`, 1, 20, "text literal"},
		{`ISCHANGED(Account__r.Name)`, 1, 11, "only a field of the record"},
		{`PRIORVALUE(LEN(Txt__c))`, 1, 12, "only a field of the record"},
		{`ISBLANK(Chk__c)`, 1, 9, "never blank"},
		{`Missing__c > 1`, 1, 1, "field Missing__c does not exist on Test__c"},
		{`Account__r.Missing__c`, 1, 1, "does not exist on Account"},
		{`Nope__r.Name`, 1, 1, "has no relationship Nope__r"},
		{`Num__c = "1"`, 1, 1, "cannot compare Number with Text"},
		{`Num__c & "x"`, 1, 1, "expected Text, received Number"},
		{`IF(Chk__c, 1, "a")`, 1, 1, "different types"},
		{`IF(Num__c, 1, 2)`, 1, 4, "expected Checkbox, received Number"},
		{`AND()`, 1, 1, "at least 1"},
		{`LEFT("a")`, 1, 1, "Expected 2, received 1"},
		{`MID("a", 1)`, 1, 1, "Expected 3, received 2"},
		{`CASE(Num__c, 1, "a")`, 1, 1, "even number"},
		{`CASE(Num__c, "x", 1, 0)`, 1, 14, "value has type Text"},
		{`FOO(1)`, 1, 1, "unknown function FOO"},
		{`GETSESSIONID()`, 1, 1, "only available in custom buttons"},
		{`$Bogus.X`, 1, 1, "unknown global variable"},
		{`$Setup.Bypass__c`, 1, 1, "expected $Setup.Setting__c.Field__c"},
		{`$ObjectType.Account.Fields.Name`, 1, 1, "only be used as an argument of VLOOKUP"},
		{`Dt__c + Dt2__c`, 1, 1, "is not defined"},
		{`Dt__c = DtTm__c`, 1, 1, "cannot compare Date with DateTime"},
		{`NOT(1)`, 1, 4, "expected Checkbox"},
		{`1 +` + strings.Repeat(" ", 3900) + `1`, 1, 1, "at most 3900"},
	} {
		f, err := Parse(c.src)
		if err != nil {
			t.Errorf("%s: parse: %v", c.src, err)
			continue
		}
		ch := Check(f, CheckOptions{Object: "Test__c", Schema: s})
		err = ch.Err()
		d, ok := err.(*Diagnostic)
		if !ok {
			t.Errorf("%s: want a type error, got %v", c.src, err)
			continue
		}
		if d.Pos.Line != c.line || d.Pos.Col != c.col || !strings.Contains(d.Message, c.msg) {
			t.Errorf("%s: got %d:%d %q, want %d:%d containing %q", c.src, d.Pos.Line, d.Pos.Col, d.Message, c.line, c.col, c.msg)
		}
		if _, err := Compile(c.src, Options{Object: "Test__c", Schema: s}); err == nil {
			t.Errorf("%s: Compile accepted an invalid formula", c.src)
		}
	}
}

func TestCheckAcceptsAndTypes(t *testing.T) {
	s := testSchema()
	for _, c := range []struct {
		src  string
		want Type
	}{
		{`ISPICKVAL(Pick__c, "A")`, TypeBoolean},
		{`TEXT(Pick__c)`, TypeText},
		{`CASE(Pick__c, "A", 1, 2)`, TypeNumber},
		{`PRIORVALUE(Pick__c) <> NULL`, TypeBoolean},
		{`Dt__c - Dt2__c`, TypeNumber},
		{`Dt__c + 1`, TypeDate},
		{`1 + DtTm__c`, TypeDateTime},
		{`IF(Chk__c, NULL, Dt__c)`, TypeDate},
		{`Account__r.Owner.Email`, TypeText},
		{`ISBLANK(Multi__c) || ISNULL(Multi__c)`, TypeBoolean},
		{`BLANKVALUE(Txt__c, "x")`, TypeText},
		{`$Permission.Anything`, TypeBoolean},
		{`TODAY() - Dt__c`, TypeNumber},
		{`VLOOKUP($ObjectType.Account.Fields.Name, $ObjectType.Account.Fields.Name, Txt__c)`, TypeText},
	} {
		f, err := Parse(c.src)
		if err != nil {
			t.Fatal(err)
		}
		ch := Check(f, CheckOptions{Object: "Test__c", Schema: s})
		if err := ch.Err(); err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if ch.Type != c.want {
			t.Errorf("%s: type %s, want %s", c.src, ch.Type, c.want)
		}
	}
}

// TestUnknownStandardField documents the policy for names the schema does
// not know: custom → error, standard → Any with a warning.
func TestUnknownStandardField(t *testing.T) {
	s := testSchema()
	f, _ := Parse(`AND(ISBLANK(Description), Mystery__c = 1, ns__Other__c = 2)`)
	ch := Check(f, CheckOptions{Object: "Test__c", Schema: s})
	var errs, warns []string
	for _, d := range ch.Diagnostics {
		if d.Severity == SeverityError {
			errs = append(errs, d.Message)
		} else {
			warns = append(warns, d.Message)
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "Mystery__c") {
		t.Errorf("errors: %q", errs)
	}
	if len(warns) != 2 || !strings.Contains(warns[0], "Description") || !strings.Contains(warns[1], "ns__Other__c") {
		t.Errorf("warnings: %q", warns)
	}
	// Without a schema everything is dynamic and silent.
	ch = Check(f, CheckOptions{Object: "Test__c"})
	if len(ch.Diagnostics) != 0 {
		t.Errorf("no schema: %v", ch.Diagnostics)
	}
}
