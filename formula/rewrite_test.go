package formula

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestQuoteStringWith(t *testing.T) {
	tests := []struct {
		in    string
		quote byte
		want  string
	}{
		{"a@b.com", '"', `"a@b.com"`},
		{"a@b.com", '\'', `'a@b.com'`},
		{`o'brien@x.com`, '\'', `'o\'brien@x.com'`},
		{`o'brien@x.com`, '"', `"o'brien@x.com"`},
		{`a"b\c`, '"', `"a\"b\\c"`},
		{"tab\tnl\n", '"', `"tab\tnl\n"`},
	}
	for _, tc := range tests {
		got := QuoteStringWith(tc.in, tc.quote)
		if got != tc.want {
			t.Errorf("QuoteStringWith(%q, %c) = %s, want %s", tc.in, tc.quote, got, tc.want)
		}
		f, err := Parse(got)
		if err != nil {
			t.Errorf("%s does not parse: %v", got, err)
			continue
		}
		if s, ok := f.Root.(*StringLit); !ok || s.Value != tc.in {
			t.Errorf("%s reads back as %#v", got, f.Root)
		}
	}
}

func TestRewrite(t *testing.T) {
	tests := []struct {
		src    string
		guards []string
		want   string
	}{
		{"ISBLANK(Txt__c)", UsernameGuards([]string{"int@x.com"}, '"'), `AND($User.Username <> "int@x.com", (ISBLANK(Txt__c)))`},
		{"a || b", UsernameGuards([]string{"u1", "u2"}, '\''), `AND($User.Username <> 'u1', $User.Username <> 'u2', (a || b))`},
		{"/* c */ NOT x /* tail */", []string{PermissionGuard("Bypass")}, `AND(NOT($Permission.Bypass), (/* c */ NOT x /* tail */))`},
		{"IF(Chk__c,\n  TRUE,\n  FALSE)", []string{SettingGuard("S__c", "Off__c")}, "AND(NOT($Setup.S__c.Off__c), (IF(Chk__c,\n  TRUE,\n  FALSE)))"},
	}
	for _, tc := range tests {
		got, err := Rewrite(tc.src, tc.guards)
		if err != nil {
			t.Errorf("Rewrite(%q): %v", tc.src, err)
			continue
		}
		if got != tc.want {
			t.Errorf("Rewrite(%q) = %q, want %q", tc.src, got, tc.want)
		}
		f, _ := Parse(got)
		if !HasGuards(f, tc.guards) {
			t.Errorf("HasGuards(%q) = false", got)
		}
	}
	if _, err := Rewrite("AND(", UsernameGuards([]string{"u"}, '"')); err == nil {
		t.Error("a formula that does not parse was rewritten")
	}
	if _, err := Rewrite("x", nil); err != ErrNoGuards {
		t.Errorf("no guards: %v", err)
	}
	if !RewriteTooLong(strings.Repeat("x", MaxFormulaLength+1)) || RewriteTooLong(strings.Repeat("é", MaxFormulaLength)) {
		t.Error("RewriteTooLong counts characters, not bytes")
	}
}

func TestHasGuards(t *testing.T) {
	g := UsernameGuards([]string{"int@x.com"}, '"')
	tests := []struct {
		src  string
		want bool
	}{
		{`AND($User.Username <> "int@x.com", ISBLANK(Txt__c))`, true},
		{`and($user.username != 'int@x.com', ISBLANK(Txt__c))`, true},
		{`$User.Username <> "int@x.com" && (ISBLANK(Txt__c))`, true},
		{`AND(ISBLANK(Txt__c), $User.Username <> "int@x.com", TRUE)`, true},
		{`AND($User.Username <> "other@x.com", ISBLANK(Txt__c))`, false},
		{`AND(ISBLANK(Txt__c), $User.Username <> "int@x.com")`, false}, // the last argument is the condition
		{`OR($User.Username <> "int@x.com", ISBLANK(Txt__c))`, false},
		{`$User.Username <> "int@x.com"`, false},
	}
	for _, tc := range tests {
		f, err := Parse(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		if got := HasGuards(f, g); got != tc.want {
			t.Errorf("HasGuards(%q) = %v, want %v", tc.src, got, tc.want)
		}
	}
	f, _ := Parse(`AND(NOT($Permission.Bypass), x)`)
	if !HasGuards(f, []string{"NOT $Permission.Bypass"}) || !HasGuards(f, []string{"!$Permission.Bypass"}) {
		t.Error("NOT x, !x and NOT(x) are the same guard")
	}
}

// FuzzRewrite: whatever formula type-checks, its bypass rewrite parses,
// type-checks, starts with the guard, is FALSE for the exempted user and
// fires exactly when the original does for anybody else.
func FuzzRewrite(f *testing.F) {
	for _, s := range append(fuzzSeeds, roundTripSources...) {
		f.Add(s, "integration@acme.com", "abc", 3.5, true, int64(19000), uint8(0))
	}
	for _, r := range loadFormulaCorpusNoSkip() {
		f.Add(r.src, "o'brien\"x\\y@acme.com", "", -1.0, false, int64(0), uint8(1))
	}
	s := testSchema()
	f.Fuzz(func(t *testing.T, src, user, text string, n float64, b bool, days int64, style uint8) {
		if !utf8.ValidString(user) {
			// Usernames come from synclint.yaml and metadata XML: UTF-8.
			if _, err := Rewrite("TRUE", UsernameGuards([]string{user}, '"')); err == nil {
				t.Fatalf("a guard with invalid UTF-8 %q was accepted", user)
			}
			return
		}
		orig, err := Compile(src, Options{Object: "Test__c", Schema: s, AllowLong: true})
		if err != nil || orig.Type != TypeBoolean {
			return
		}
		var guards []string
		exempt := map[string]Value{}
		other := map[string]Value{"$User.Username": Text(user + ".other")}
		switch style % 3 {
		case 0:
			quote := byte('"')
			if days&1 == 1 {
				quote = '\''
			}
			guards = UsernameGuards([]string{user}, quote)
			exempt["$User.Username"] = Text(user)
		case 1:
			guards = []string{PermissionGuard("Fuzz_Bypass")}
			exempt["$Permission.Fuzz_Bypass"] = Bool(true)
			other["$Permission.Fuzz_Bypass"] = Bool(false)
		default:
			guards = []string{SettingGuard("Bypass__c", "Disable_Validation__c")}
			exempt["$Setup.Bypass__c.Disable_Validation__c"] = Bool(true)
			other["$Setup.Bypass__c.Disable_Validation__c"] = Bool(false)
		}
		out, err := Rewrite(src, guards)
		if err != nil {
			t.Fatalf("Rewrite(%q, %q): %v", src, guards, err)
		}
		pf, err := Parse(out)
		if err != nil || !HasGuards(pf, guards) {
			t.Fatalf("rewrite %q: parse %v, guards not found", out, err)
		}
		np, err := Compile(out, Options{Object: "Test__c", Schema: s, AllowLong: true})
		if err != nil {
			t.Fatalf("rewrite %q does not compile: %v", out, err)
		}
		if days > 3e6 || days < -3e6 {
			days %= 3e6
		}
		day := time.Unix(days*86400, 0).UTC()
		for _, mode := range []Mode{ModeCreate, ModeUpdate} {
			rec := map[string]Value{
				"Txt__c": Text(text), "Txt2__c": Text(strings.ToUpper(text)), "Num__c": Number(n), "Num2__c": Number(-n),
				"Pct__c": Number(n), "Chk__c": Bool(b), "Dt__c": Value{Kind: KindDate, Time: day}, "Dt2__c": Null(),
				"DtTm__c": DateTime(day), "Pick__c": Text(text), "Multi__c": Text(text + ";x"),
			}
			prior := map[string]Value{"Txt__c": Text(strings.ToLower(text)), "Num__c": Number(n + 1)}
			in := &Input{Record: rec, Prior: prior, Globals: other, Mode: mode, Now: testNow}
			fo, eo := orig.Fires(orig.Bind(in))
			fn, en := np.Fires(np.Bind(in))
			if fo != fn || (eo == nil) != (en == nil) {
				t.Fatalf("%q → %q: for another user the original fires %v (%v), the rewrite %v (%v)", src, out, fo, eo, fn, en)
			}
			in.Globals = exempt
			if fu, eu := np.Fires(np.Bind(in)); fu || eu != nil {
				t.Fatalf("%q: the rewrite fires (%v, %v) for the exempted user", out, fu, eu)
			}
		}
	})
}
