package findings

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/metadata"
)

// Bypass patches for validation rules the integration trips (PV11), as
// `synclint fix` writes them and PV11 findings carry them.
//
// A patch rewrites only the rule's errorConditionFormula: the text between
// the tags (ValidationRule.FormulaStart/FormulaEnd, byte offsets in the raw
// file) becomes AND(<guard>, (<original>)) (formula.Rewrite), where the
// original is the file's own escaped text, byte for byte, so every other
// byte of the file, its XML escaping and its line endings stay as they
// were. The inserted text is escaped the way the formula already is
// (&quot; or literal quotes, &gt; or >, &apos;), inside a CDATA section when
// the formula is one.
//
// Before a patch is proposed, the rewritten formula is parsed and
// type-checked, kept within 3,900 characters, and verified by evaluation:
// FALSE for the integration user on the witness and on every sampled input,
// and the same outcome as the original for other users on at least
// FixOptions.Samples sampled inputs. A rule that cannot be verified is
// reported, not patched. Rules of managed packages are never patched.

// FixStyle is how a patch exempts the integration user.
type FixStyle string

// Patch styles.
const (
	// FixUsername adds $User.Username <> "<user>" for each integration user
	// (what admins usually ask for; sandboxes append a suffix to usernames,
	// formula-language.md §7).
	FixUsername FixStyle = "username"
	// FixPermission adds NOT($Permission.<Name>) and grants the custom
	// permission to the integration user.
	FixPermission FixStyle = "permission"
	// FixSetting adds NOT($Setup.<Setting>.<Field>) on a hierarchy custom
	// setting checkbox.
	FixSetting FixStyle = "setting"
)

// ParseFixStyle reads username, permission or setting.
func ParseFixStyle(s string) (FixStyle, error) {
	switch FixStyle(strings.ToLower(strings.TrimSpace(s))) {
	case "", FixUsername:
		return FixUsername, nil
	case FixPermission:
		return FixPermission, nil
	case FixSetting:
		return FixSetting, nil
	}
	return "", fmt.Errorf("unknown style %q (want username, permission or setting)", s)
}

// Default names of the components a patch creates.
const (
	DefaultBypassPermission   = "HubSpot_Integration_Bypass"
	DefaultBypassSetting      = "HubSpot_Integration_Settings__c"
	DefaultBypassSettingField = "Bypass_Validation_Rules__c"
)

// FixOptions configure patch planning.
type FixOptions struct {
	Style FixStyle
	// Users replace synclint.yaml's integrationUsers.
	Users []string
	// Permission names the custom permission (permission style); empty
	// reuses a bypass permission the integration user already holds, or
	// creates DefaultBypassPermission.
	Permission string
	// Setting and SettingField name the hierarchy custom setting and its
	// checkbox (setting style).
	Setting, SettingField string
	// Rules restricts the fix to these rule IDs (only PV11 has patches).
	Rules []string
	// Samples is the number of sampled inputs each rewrite is verified on
	// for other users (at least 1000).
	Samples int
}

// FixPlan is the set of changes `synclint fix` makes.
type FixPlan struct {
	Root string
	// Rules are the patched rules, in rule order.
	Rules []PlannedRule
	// Skipped are the reported rules that get no patch, with the reason.
	Skipped []PlannedRule
	// Files are the edits of existing files, by path.
	Files []*FileEdit
	// NewFiles are the files the patches create.
	NewFiles []NewFile
}

// PlannedRule is one rule of a plan.
type PlannedRule struct {
	Rule      string // Object.Rule
	File      string
	Line      int
	Rewritten string
	Reason    string
	Samples   int
}

// FileEdit is the set of byte-range replacements on one file.
type FileEdit struct {
	File  string
	Old   []byte
	Edits []TextEdit
}

// TextEdit replaces Old[Start:End] with New.
type TextEdit struct {
	Start, End int
	New        string
}

// rulePatchPlan is the patch for one rule, or why there is none.
type rulePatchPlan struct {
	Patch     *Patch
	Summary   string
	Problem   string
	Rewritten string
	edits     []TextEdit
	file      string
	old       []byte
	extra     []*FileEdit
	newFiles  []NewFile
	samples   int
}

// NewAnalysisPass builds a pass over an input for callers outside Analyze
// (fix, explain-rules): the sync model and a fresh shared cache.
func newAnalysisPass(in *Input) *Pass {
	m := BuildSyncModel(in.Org, in.HubSpot, in.Mappings, in.Associations, in.Config)
	return &Pass{Org: in.Org, HubSpot: in.HubSpot, Mappings: in.Mappings, Config: in.Config, Sync: m,
		Shared: &Shared{}, Root: in.Root, rule: PV11, sink: &sink{}}
}

// PlanFixes plans a patch for every validation rule PV11 reports.
func PlanFixes(in *Input, opts FixOptions) (*FixPlan, error) {
	for _, id := range opts.Rules {
		if !strings.EqualFold(strings.TrimSpace(id), "PV11") {
			return nil, fmt.Errorf("rule %s has no patches (only PV11 does)", id)
		}
	}
	if opts.Style == "" {
		opts.Style = FixUsername
	}
	if len(opts.Users) > 0 && in.Config != nil {
		cfg := *in.Config
		cfg.IntegrationUsers = opts.Users
		in2 := *in
		in2.Config = &cfg
		in = &in2
	}
	p := newAnalysisPass(in)
	an := validationRules(p)
	plan := &FixPlan{Root: in.Root}
	files := map[string]*FileEdit{}
	newFiles := map[string]NewFile{}
	var rules []*vrRule
	for _, r := range an.Rules {
		if r.V.Status == vrReachable || r.V.Status == vrMayBlock {
			rules = append(rules, r)
		}
	}
	prs := make([]rulePatchPlan, len(rules))
	parallel(len(rules), func(i int) { prs[i] = planRulePatch(p, an, rules[i], opts) })
	for i, r := range rules {
		pr := prs[i]
		row := PlannedRule{Rule: r.VR.QualifiedName(), File: r.VR.Pos.File, Line: r.VR.Pos.Line, Rewritten: pr.Rewritten, Samples: pr.samples}
		if pr.Patch == nil {
			row.Reason = pr.Problem
			plan.Skipped = append(plan.Skipped, row)
			continue
		}
		fe := files[pr.file]
		if fe == nil {
			fe = &FileEdit{File: pr.file, Old: pr.old}
			files[pr.file] = fe
			plan.Files = append(plan.Files, fe)
		}
		fe.Edits = append(fe.Edits, pr.edits...)
		for _, x := range pr.extra {
			ex := files[x.File]
			if ex == nil {
				ex = &FileEdit{File: x.File, Old: x.Old}
				files[x.File] = ex
				plan.Files = append(plan.Files, ex)
			}
			for _, e := range x.Edits {
				if !hasEdit(ex.Edits, e) {
					ex.Edits = append(ex.Edits, e)
				}
			}
		}
		for _, nf := range pr.newFiles {
			newFiles[nf.File] = nf
		}
		plan.Rules = append(plan.Rules, row)
	}
	for _, fe := range plan.Files {
		sort.Slice(fe.Edits, func(i, j int) bool { return fe.Edits[i].Start < fe.Edits[j].Start })
	}
	sort.Slice(plan.Files, func(i, j int) bool { return plan.Files[i].File < plan.Files[j].File })
	for _, nf := range newFiles {
		plan.NewFiles = append(plan.NewFiles, nf)
	}
	sort.Slice(plan.NewFiles, func(i, j int) bool { return plan.NewFiles[i].File < plan.NewFiles[j].File })
	return plan, nil
}

func hasEdit(es []TextEdit, e TextEdit) bool {
	for _, x := range es {
		if x.Start == e.Start && x.End == e.End && x.New == e.New {
			return true
		}
	}
	return false
}

// fixUsers returns the usernames a username-style patch exempts.
func fixUsers(p *Pass, opts FixOptions) []string {
	var users []string
	src := opts.Users
	if len(src) == 0 && p.Config != nil {
		src = p.Config.IntegrationUsers
	}
	seen := map[string]bool{}
	for _, u := range src {
		u = strings.TrimSpace(u)
		if u != "" && !seen[u] {
			seen[u] = true
			users = append(users, u)
		}
	}
	return users
}

// planRulePatch plans, checks and verifies the patch of one rule.
func planRulePatch(p *Pass, an *vrAnalysis, r *vrRule, opts FixOptions) rulePatchPlan {
	var pr rulePatchPlan
	vr := r.VR
	if vr.Namespace != "" {
		pr.Problem = "the rule belongs to the managed package " + vr.Namespace + " and cannot be edited in this org (PV13)"
		return pr
	}
	if r.Prog == nil {
		pr.Problem = "the formula does not compile"
		return pr
	}
	if vr.FormulaEnd <= vr.FormulaStart || vr.Pos.File == "" {
		pr.Problem = "the formula's place in the file is unknown"
		return pr
	}
	raw, err := os.ReadFile(filepath.Join(p.Root, filepath.FromSlash(vr.Pos.File)))
	if err != nil {
		pr.Problem = "cannot read " + vr.Pos.File + ": " + err.Error()
		return pr
	}
	if vr.FormulaEnd > len(raw) {
		pr.Problem = vr.Pos.File + " changed since it was loaded"
		return pr
	}
	region := raw[vr.FormulaStart:vr.FormulaEnd]
	esc, err := detectEscaping(region, vr.Formula)
	if err != nil {
		pr.Problem = err.Error()
		return pr
	}
	g, err := planGuard(p, an, r, opts, esc.quote)
	if err != nil {
		pr.Problem = err.Error()
		return pr
	}
	if orig, err := formula.Parse(vr.Formula); err == nil && formula.HasGuards(orig, g.guards) {
		pr.Problem = "the formula already starts with " + strings.Join(g.guards, ", ") + "; " + g.stillReported
		return pr
	}
	rewritten, err := formula.Rewrite(vr.Formula, g.guards)
	if err != nil {
		pr.Problem = "the rewrite does not parse: " + err.Error()
		return pr
	}
	pr.Rewritten = rewritten
	if formula.RewriteTooLong(rewritten) {
		pr.Problem = fmt.Sprintf("the rewritten formula would be %d characters; Salesforce allows %d", len([]rune(rewritten)), formula.MaxFormulaLength)
		return pr
	}
	n, err := verifyRewrite(an, r, rewritten, g, opts.Samples)
	pr.samples = n
	if err != nil {
		pr.Problem = "the rewrite could not be verified: " + err.Error()
		return pr
	}
	prefix, suffix := formula.GuardWrap(g.guards)
	repl := esc.wrap(region, prefix, suffix)
	// Two insertions, so the diff touches only the formula's first and
	// last lines.
	at, end := vr.FormulaStart, vr.FormulaEnd
	if esc.cdata {
		at, end = at+len("<![CDATA["), end-len("]]>")
	}
	pr.edits = []TextEdit{{Start: at, End: at, New: esc.escape(prefix)}, {Start: end, End: end, New: esc.escape(suffix)}}
	pr.file = vr.Pos.File
	pr.old = raw
	pr.extra = g.extra
	pr.newFiles = g.newFiles
	pr.Summary = "AND(" + strings.Join(g.guards, ", ") + ", (…))"
	fe := &FileEdit{File: vr.Pos.File, Old: raw, Edits: pr.edits}
	var diff strings.Builder
	writeFileDiff(&diff, fe)
	for _, x := range g.extra {
		writeFileDiff(&diff, x)
	}
	for _, nf := range g.newFiles {
		writeNewFileDiff(&diff, nf)
	}
	sl, sc := lineCol(raw, vr.FormulaStart)
	el, ec := lineCol(raw, vr.FormulaEnd)
	pr.Patch = &Patch{
		File:        vr.Pos.File,
		Description: g.describe(vr.QualifiedName(), n),
		Start:       vr.FormulaStart,
		End:         vr.FormulaEnd,
		Location:    Location{File: vr.Pos.File, Line: sl, Column: sc, EndLine: el, EndColumn: ec},
		Replacement: repl,
		Diff:        diff.String(),
		NewFiles:    g.newFiles,
	}
	return pr
}

// lineCol returns the 1-based line and byte column of an offset.
func lineCol(b []byte, off int) (int, int) {
	if off > len(b) {
		off = len(b)
	}
	line := 1 + bytes.Count(b[:off], []byte{'\n'})
	col := off - (bytes.LastIndexByte(b[:off], '\n') + 1) + 1
	return line, col
}

// xmlEscaping is how a formula's text is written in its file.
type xmlEscaping struct {
	cdata bool
	quote byte
	// quoteEnt, gtEnt are the spellings of the quote and '>' to insert.
	quoteEnt string
	gtEnt    string
}

// detectEscaping checks that the raw region decodes to the formula and
// finds how the file escapes quotes and '>'.
func detectEscaping(region []byte, formulaText string) (xmlEscaping, error) {
	var esc xmlEscaping
	s := string(region)
	if strings.HasPrefix(s, "<![CDATA[") {
		if !strings.HasSuffix(s, "]]>") || strings.Count(s, "]]>") != 1 {
			return esc, errors.New("the formula mixes a CDATA section with escaped text")
		}
		esc.cdata = true
		if normalizeNewlines(s[len("<![CDATA["):len(s)-3]) != formulaText {
			return esc, errors.New("the formula text in the file does not match the loaded formula")
		}
	} else {
		dec, err := xmlUnescape(s)
		if err != nil {
			return esc, err
		}
		if normalizeNewlines(dec) != formulaText {
			return esc, errors.New("the formula text in the file does not match the loaded formula")
		}
	}
	// The string delimiter most of the formula's literals use.
	dq, sq := 0, 0
	if f, err := formula.Parse(formulaText); err == nil {
		formula.Walk(f.Root, func(n formula.Node) bool {
			if s, ok := n.(*formula.StringLit); ok && len(s.Raw) > 0 {
				if s.Raw[0] == '\'' {
					sq++
				} else {
					dq++
				}
			}
			return true
		})
	}
	esc.quote = '"'
	if sq > dq {
		esc.quote = '\''
	}
	switch {
	case esc.cdata:
		esc.quoteEnt, esc.gtEnt = string(esc.quote), ">"
	case esc.quote == '"':
		esc.quoteEnt = "&quot;"
		if !strings.Contains(s, "&quot;") && strings.Contains(s, `"`) {
			esc.quoteEnt = `"`
		}
	default:
		esc.quoteEnt = "&apos;"
		if !strings.Contains(s, "&apos;") && strings.Contains(s, "'") {
			esc.quoteEnt = "'"
		}
	}
	if !esc.cdata {
		esc.gtEnt = "&gt;"
		if !strings.Contains(s, "&gt;") && strings.Contains(s, ">") {
			esc.gtEnt = ">"
		}
	}
	return esc, nil
}

// escape writes inserted formula text the way the file escapes it.
func (e xmlEscaping) escape(s string) string {
	if e.cdata {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString(e.gtEnt)
		case '"':
			if e.quote == '"' {
				b.WriteString(e.quoteEnt)
			} else {
				b.WriteString("&quot;")
			}
		case '\'':
			if e.quote == '\'' {
				b.WriteString(e.quoteEnt)
			} else {
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// wrap puts the escaped prefix and suffix around the raw region.
func (e xmlEscaping) wrap(region []byte, prefix, suffix string) string {
	s := string(region)
	if e.cdata {
		inner := s[len("<![CDATA[") : len(s)-3]
		return "<![CDATA[" + prefix + inner + suffix + "]]>"
	}
	return e.escape(prefix) + s + e.escape(suffix)
}

// xmlUnescape decodes the five predefined entities and character
// references.
func xmlUnescape(s string) (string, error) {
	if !strings.Contains(s, "&") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] != '&' {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := strings.IndexByte(s[i:], ';')
		if j < 0 {
			return "", errors.New("bad XML entity in the formula text")
		}
		ent := s[i+1 : i+j]
		switch ent {
		case "lt":
			b.WriteByte('<')
		case "gt":
			b.WriteByte('>')
		case "amp":
			b.WriteByte('&')
		case "quot":
			b.WriteByte('"')
		case "apos":
			b.WriteByte('\'')
		default:
			var r int64
			var err error
			switch {
			case strings.HasPrefix(ent, "#x"):
				_, err = fmt.Sscanf(ent[2:], "%x", &r)
			case strings.HasPrefix(ent, "#"):
				_, err = fmt.Sscanf(ent[1:], "%d", &r)
			default:
				err = errors.New("unknown entity &" + ent + ";")
			}
			if err != nil {
				return "", errors.New("bad XML entity &" + ent + "; in the formula text")
			}
			b.WriteRune(rune(r))
		}
		i += j + 1
	}
	return b.String(), nil
}

func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

// guardPlan is the bypass of one style for one rule.
type guardPlan struct {
	style  FixStyle
	guards []string
	// exempt are the global values of the integration user once the patch
	// (and its new metadata) is in place.
	exempt map[string]formula.Value
	// other are global values an ordinary user has for the bypass.
	other    map[string]formula.Value
	extra    []*FileEdit
	newFiles []NewFile
	// note is added to the description (what else the admin must do).
	note string
	// stillReported explains a formula that has the guard but is reported.
	stillReported string
	subject       string
}

func (g *guardPlan) describe(rule string, samples int) string {
	d := "Exempts the integration user from " + rule + " with " + g.subject + " as the first argument of AND(…): the rule is unchanged for every other user"
	if samples > 0 {
		d += fmt.Sprintf(" (verified on %d sampled inputs)", samples)
	}
	d += "."
	if g.note != "" {
		d += " " + strings.ToUpper(g.note[:1]) + g.note[1:] + "."
	}
	return d
}

// planGuard chooses the guard of the requested style.
func planGuard(p *Pass, an *vrAnalysis, r *vrRule, opts FixOptions, quote byte) (*guardPlan, error) {
	switch opts.Style {
	case FixPermission:
		return planPermissionGuard(p, an, opts)
	case FixSetting:
		return planSettingGuard(p, an, opts)
	}
	users := fixUsers(p, opts)
	if len(users) == 0 {
		return nil, errors.New("no integration user is named (set integrationUsers in synclint.yaml or pass --integration-user)")
	}
	g := &guardPlan{style: FixUsername, guards: formula.UsernameGuards(users, quote),
		exempt:        map[string]formula.Value{"$User.Username": formula.Text(users[0])},
		other:         map[string]formula.Value{},
		note:          "usernames get a suffix in sandboxes (user@acme.com.uat), so a username bypass stops working after a refresh: --style permission avoids that",
		stillReported: "the integration user named there differs from integrationUsers",
	}
	g.subject = "$User.Username <> " + strings.Join(quoteAll(users), " and ")
	return g, nil
}

// planPermissionGuard reuses a bypass custom permission only the
// integration user's profile and permission sets grant, or creates one and
// grants it through the integration user's permission set (or a new one).
func planPermissionGuard(p *Pass, an *vrAnalysis, opts FixOptions) (*guardPlan, error) {
	name := strings.TrimSpace(opts.Permission)
	acc := an.access
	var note string
	var extra []*FileEdit
	var newFiles []NewFile
	if name == "" {
		name = reusablePermission(p, acc)
	}
	granted := name != "" && acc != nil && acc.CustomPermission(name, p.Config.IntegrationPermissions)
	if name == "" {
		name = DefaultBypassPermission
	}
	if !granted {
		if _, exists := p.Org.CustomPermissions[strings.ToLower(name)]; !exists {
			newFiles = append(newFiles, newCustomPermissionFile(p, name))
		}
		ps := integrationPermissionSet(p, acc)
		if ps != nil {
			fe, err := grantPermissionEdit(p, ps, name)
			if err != nil {
				return nil, err
			}
			extra = append(extra, fe)
			note = "permission set " + ps.Name + " (the integration user's) grants custom permission " + name
		} else {
			nf := newPermissionSetFile(p, DefaultBypassPermission, name)
			newFiles = append(newFiles, nf)
			note = "assign the new permission set " + DefaultBypassPermission + " to the integration user and list it under integrationPermissionSets in synclint.yaml"
		}
	} else {
		note = "the integration user already holds custom permission " + name
	}
	man, err := manifestEdits(p, newFiles)
	if err != nil {
		return nil, err
	}
	extra = append(extra, man...)
	g := &guardPlan{style: FixPermission, guards: []string{formula.PermissionGuard(name)},
		exempt: map[string]formula.Value{"$Permission." + name: formula.Bool(true)},
		other:  map[string]formula.Value{"$Permission." + name: formula.Bool(false)},
		extra:  extra, newFiles: newFiles, note: note,
		stillReported: "synclint does not see custom permission " + name + " granted to the integration user: list its permission set under integrationPermissionSets in synclint.yaml",
		subject:       "NOT($Permission." + name + ")",
	}
	return g, nil
}

// reusablePermission finds a custom permission with "bypass" in its name
// that the integration user holds and no other profile or permission set
// of the checkout grants (reusing one that others hold would exempt them
// too).
func reusablePermission(p *Pass, acc *IntegrationAccess) string {
	if acc == nil {
		return ""
	}
	mine := map[*metadata.PermissionHolder]bool{}
	for _, h := range acc.Holders {
		mine[h] = true
	}
	var names []string
	for _, h := range acc.Holders {
		for perm, on := range h.CustomPermissions {
			if on && strings.Contains(perm, "bypass") {
				names = append(names, perm)
			}
		}
	}
	sort.Strings(names)
	for _, n := range names {
		others := false
		for _, hs := range []map[string]*metadata.PermissionHolder{p.Org.Profiles, p.Org.PermissionSets} {
			for _, h := range hs {
				if !mine[h] && h.CustomPermissions[n] {
					others = true
				}
			}
		}
		if !others {
			if cp := p.Org.CustomPermissions[n]; cp != nil {
				return cp.Name
			}
			return n
		}
	}
	return ""
}

// integrationPermissionSet returns the first configured permission set of
// the integration user that the checkout holds.
func integrationPermissionSet(p *Pass, acc *IntegrationAccess) *metadata.PermissionHolder {
	if acc == nil {
		return nil
	}
	for _, h := range acc.Holders {
		if !h.Profile && h.Pos.File != "" {
			return h
		}
	}
	return nil
}

// grantPermissionEdit inserts a <customPermissions> entry into a
// permission set file, after its last <customPermissions> element or before
// the first element that sorts after it (Salesforce writes elements in
// alphabetical order), with the file's indentation and line endings.
func grantPermissionEdit(p *Pass, ps *metadata.PermissionHolder, name string) (*FileEdit, error) {
	raw, err := os.ReadFile(filepath.Join(p.Root, filepath.FromSlash(ps.Pos.File)))
	if err != nil {
		return nil, err
	}
	s := string(raw)
	nl := "\n"
	if strings.Contains(s, "\r\n") {
		nl = "\r\n"
	}
	root := strings.Index(s, "<PermissionSet")
	if root < 0 {
		return nil, errors.New(ps.Pos.File + " has no <PermissionSet> element")
	}
	rootEnd := strings.IndexByte(s[root:], '>')
	if rootEnd < 0 {
		return nil, errors.New(ps.Pos.File + " is malformed")
	}
	bodyStart := root + rootEnd + 1
	at := -1
	indent := "    "
	if i := strings.LastIndex(s, "</customPermissions>"); i >= 0 {
		at = i + len("</customPermissions>")
		if ls := strings.LastIndexByte(s[:i], '\n'); ls >= 0 {
			indent = leadingSpace(s[ls+1:])
		}
		at = lineEndAfter(s, at)
	} else {
		// Before the first top-level element whose name sorts after.
		depth := 0
		for i := bodyStart; i < len(s); {
			j := strings.IndexByte(s[i:], '<')
			if j < 0 {
				break
			}
			i += j
			if strings.HasPrefix(s[i:], "</") {
				depth--
				if depth < 0 {
					// </PermissionSet>
					at = lineStartOf(s, i)
					break
				}
			} else if !strings.HasPrefix(s[i:], "<!--") && !strings.HasPrefix(s[i:], "<?") {
				end := strings.IndexAny(s[i:], " />")
				tag := s[i+1 : i+end]
				selfClose := strings.HasPrefix(s[i+strings.IndexByte(s[i:], '>')-1:], "/>")
				if depth == 0 && tag > "customPermissions" {
					at = lineStartOf(s, i)
					indent = leadingSpace(s[at:])
					break
				}
				if !selfClose {
					depth++
				}
			}
			i++
		}
	}
	if at < 0 {
		return nil, errors.New("no place to grant the permission in " + ps.Pos.File)
	}
	block := indent + "<customPermissions>" + nl + indent + "    <enabled>true</enabled>" + nl + indent + "    <name>" + name + "</name>" + nl + indent + "</customPermissions>" + nl
	return &FileEdit{File: ps.Pos.File, Old: raw, Edits: []TextEdit{{Start: at, End: at, New: block}}}, nil
}

func leadingSpace(s string) string {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return s[:i]
}

func lineStartOf(s string, i int) int { return strings.LastIndexByte(s[:i], '\n') + 1 }

func lineEndAfter(s string, i int) int {
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		return i + j + 1
	}
	return len(s)
}

// metadataDir returns where new components of a kind go: next to existing
// ones, else in the default package directory (SFDX) or the first Metadata
// API root.
func metadataDir(p *Pass, existing []metadata.Pos, folder string) (dir string, sfdx bool) {
	for _, pos := range existing {
		if pos.File != "" {
			d := path.Dir(pos.File)
			return d, strings.HasSuffix(pos.File, "-meta.xml")
		}
	}
	for _, r := range p.Org.Roots {
		if r.Format == metadata.FormatSFDX && r.Namespace == "" {
			return path.Join(r.Path, "main", "default", folder), true
		}
	}
	for _, r := range p.Org.Roots {
		if r.Format == metadata.FormatMDAPI && r.Namespace == "" {
			return path.Join(r.Path, folder), false
		}
	}
	return path.Join("force-app", "main", "default", folder), true
}

func newCustomPermissionFile(p *Pass, name string) NewFile {
	var existing []metadata.Pos
	for _, cp := range p.Org.CustomPermissions {
		existing = append(existing, cp.Pos)
	}
	sort.Slice(existing, func(i, j int) bool { return existing[i].File < existing[j].File })
	dir, sfdx := metadataDir(p, existing, "customPermissions")
	file := path.Join(dir, name+".customPermission")
	if sfdx {
		file += "-meta.xml"
	}
	content := `<?xml version="1.0" encoding="UTF-8"?>
<CustomPermission xmlns="http://soap.sforce.com/2006/04/metadata">
    <description>Exempts the HubSpot integration user from validation rules (added by synclint fix).</description>
    <isLicensed>false</isLicensed>
    <label>` + strings.ReplaceAll(name, "_", " ") + `</label>
</CustomPermission>
`
	return NewFile{File: file, Content: content}
}

func newPermissionSetFile(p *Pass, setName, permission string) NewFile {
	var existing []metadata.Pos
	for _, h := range p.Org.PermissionSets {
		existing = append(existing, h.Pos)
	}
	sort.Slice(existing, func(i, j int) bool { return existing[i].File < existing[j].File })
	dir, sfdx := metadataDir(p, existing, "permissionsets")
	file := path.Join(dir, setName+".permissionset")
	if sfdx {
		file += "-meta.xml"
	}
	content := `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <customPermissions>
        <enabled>true</enabled>
        <name>` + permission + `</name>
    </customPermissions>
    <description>Assign to the HubSpot integration user: exempts it from validation rules (added by synclint fix).</description>
    <hasActivationRequired>false</hasActivationRequired>
    <label>` + strings.ReplaceAll(setName, "_", " ") + `</label>
</PermissionSet>
`
	return NewFile{File: file, Content: content}
}

// planSettingGuard reuses a bypass checkbox of a hierarchy custom setting,
// or creates the setting and its field.
func planSettingGuard(p *Pass, an *vrAnalysis, opts FixOptions) (*guardPlan, error) {
	setting, field := strings.TrimSpace(opts.Setting), strings.TrimSpace(opts.SettingField)
	var newFiles []NewFile
	if setting == "" && field == "" {
		setting, field = reusableSetting(p)
	}
	if setting == "" {
		setting = DefaultBypassSetting
	}
	if field == "" {
		field = DefaultBypassSettingField
	}
	obj := p.Org.Object(setting)
	if obj != nil && obj.CustomSettingsType != "" && !strings.EqualFold(obj.CustomSettingsType, "Hierarchy") {
		return nil, errors.New(setting + " is a " + obj.CustomSettingsType + " custom setting; $Setup reads only hierarchy settings")
	}
	if obj == nil || obj.Field(field) == nil {
		if obj != nil && obj.Pos.File != "" && !strings.HasSuffix(obj.Pos.File, "-meta.xml") {
			return nil, errors.New("custom setting " + obj.Name + " is a Metadata API object file: add the checkbox " + field + " to " + obj.Pos.File + ", or name an existing checkbox with --setting")
		}
		newFiles = append(newFiles, newSettingFiles(p, setting, field, obj == nil)...)
	} else {
		setting, field = obj.Name, obj.Field(field).Name
	}
	man, err := manifestEdits(p, newFiles)
	if err != nil {
		return nil, err
	}
	path := "$Setup." + setting + "." + field
	g := &guardPlan{style: FixSetting, guards: []string{formula.SettingGuard(setting, field)},
		exempt:   map[string]formula.Value{path: formula.Bool(true)},
		other:    map[string]formula.Value{path: formula.Bool(false)},
		newFiles: newFiles, extra: man,
		note:    "check " + setting + "." + field + " for the integration user (Setup > Custom Settings > Manage > New, at the user or its profile); leave the org default unchecked",
		subject: "NOT(" + path + ")",
	}
	return g, nil
}

// reusableSetting finds a hierarchy custom setting checkbox with "bypass"
// in its name (preferring one about validation rules).
func reusableSetting(p *Pass) (string, string) {
	var best [2]string
	score := 0
	var names []string
	for k := range p.Org.Objects {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		obj := p.Org.Objects[k]
		if !strings.EqualFold(obj.CustomSettingsType, "Hierarchy") {
			continue
		}
		for _, f := range obj.SortedFields() {
			l := strings.ToLower(f.Name)
			if f.Type != metadata.TypeCheckbox || !strings.Contains(l, "bypass") {
				continue
			}
			s := 1
			if strings.Contains(l, "validation") || strings.Contains(l, "rule") {
				s = 2
			}
			if s > score {
				score, best = s, [2]string{obj.Name, f.Name}
			}
		}
	}
	return best[0], best[1]
}

func newSettingFiles(p *Pass, setting, field string, withObject bool) []NewFile {
	var existing []metadata.Pos
	for _, o := range p.Org.Objects {
		if o.Pos.File != "" && o.Custom {
			existing = append(existing, o.Pos)
		}
	}
	sort.Slice(existing, func(i, j int) bool { return existing[i].File < existing[j].File })
	var out []NewFile
	label := strings.ReplaceAll(strings.TrimSuffix(setting, "__c"), "_", " ")
	fieldLabel := strings.ReplaceAll(strings.TrimSuffix(field, "__c"), "_", " ")
	fieldXML := `    <fullName>` + field + `</fullName>
    <defaultValue>false</defaultValue>
    <description>Checked for the HubSpot integration user: validation rules skip it (added by synclint fix).</description>
    <externalId>false</externalId>
    <label>` + fieldLabel + `</label>
    <type>Checkbox</type>
`
	objectsDir := ""
	sfdx := true
	if len(existing) > 0 {
		d := path.Dir(existing[0].File)
		if strings.HasSuffix(existing[0].File, "-meta.xml") {
			objectsDir = path.Dir(d)
		} else {
			objectsDir, sfdx = d, false
		}
	} else {
		d, s := metadataDir(p, nil, "objects")
		objectsDir, sfdx = d, s
	}
	if !sfdx {
		content := `<?xml version="1.0" encoding="UTF-8"?>
<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">
    <customSettingsType>Hierarchy</customSettingsType>
    <enableFeeds>false</enableFeeds>
    <fields>
` + indentLines(fieldXML, "    ") + `    </fields>
    <label>` + label + `</label>
    <visibility>Protected</visibility>
</CustomObject>
`
		if withObject {
			out = append(out, NewFile{File: path.Join(objectsDir, setting+".object"), Content: content})
		}
		return out
	}
	if withObject {
		out = append(out, NewFile{File: path.Join(objectsDir, setting, setting+".object-meta.xml"), Content: `<?xml version="1.0" encoding="UTF-8"?>
<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">
    <customSettingsType>Hierarchy</customSettingsType>
    <description>Per-user switches for the HubSpot integration (added by synclint fix).</description>
    <enableFeeds>false</enableFeeds>
    <label>` + label + `</label>
    <visibility>Protected</visibility>
</CustomObject>
`})
	}
	out = append(out, NewFile{File: path.Join(objectsDir, setting, "fields", field+".field-meta.xml"), Content: `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
` + fieldXML + `</CustomField>
`})
	return out
}

func indentLines(s, ind string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if l != "" {
			b.WriteString(ind + l)
		}
	}
	return b.String()
}

// verifyRewrite checks a rewritten formula: it compiles, is FALSE for the
// integration user on the witness and on every sample, and fires exactly
// when the original does for other users on the samples.
func verifyRewrite(an *vrAnalysis, r *vrRule, rewritten string, g *guardPlan, samples int) (int, error) {
	if samples < 1000 {
		samples = 1000
	}
	np, err := formula.Compile(rewritten, formula.Options{Object: r.SO.Name, Schema: an.schema, AllowLong: true})
	if err != nil {
		return 0, err
	}
	orig := r.Prog
	gl := r.V.Globals
	if len(gl) == 0 && len(an.Users) > 0 {
		gl = an.Users[0].globals(orig)
	}
	// The integration user's globals once patched.
	userGlobals := map[string]formula.Value{}
	for _, x := range gl {
		userGlobals[strings.ToLower(x.Path)] = x.Value
	}
	for k, v := range g.exempt {
		userGlobals[strings.ToLower(k)] = v
	}
	other := map[string]formula.Value{}
	for k, v := range g.other {
		other[strings.ToLower(k)] = v
	}
	if in := r.V.Input; in != nil {
		wi := *in
		wi.Globals = userGlobals
		fires, err := np.Fires(np.Bind(wi.formulaInput()))
		if err != nil {
			return 0, fmt.Errorf("the witness raises %v", err)
		}
		if fires {
			return 0, errors.New("the rewritten rule still fires for the integration user on the witness")
		}
	}
	// Sampled inputs.
	space := sampleSpace(an, r)
	h := fnv.New64a()
	h.Write([]byte(r.VR.QualifiedName()))
	rng := rand.New(rand.NewPCG(h.Sum64(), 0x5eed))
	ao, an2, au := orig.NewActivation(), np.NewActivation(), np.NewActivation()
	for _, a := range []*formula.Activation{ao, an2, au} {
		a.SetNow(an.Now)
		a.SetClone(false)
	}
	otherUsers := []string{"someone.else@example.com", "admin@example.com"}
	for i := 0; i < samples; i++ {
		mode := formula.ModeCreate
		if rng.IntN(2) == 1 {
			mode = formula.ModeUpdate
		}
		for _, a := range []*formula.Activation{ao, an2, au} {
			a.SetMode(mode)
		}
		for _, dim := range space {
			v := dim.values[rng.IntN(len(dim.values))]
			set := func(a *formula.Activation) {
				if dim.prior {
					a.SetPrior(dim.path, v)
				} else {
					a.Set(dim.path, v)
				}
			}
			set(ao)
			set(an2)
			set(au)
		}
		// Other users: a different username, the bypass off, other
		// globals as sampled.
		name := otherUsers[rng.IntN(len(otherUsers))]
		for _, a := range []*formula.Activation{ao, an2} {
			a.Set("$user.username", formula.Text(name))
			for k, v := range other {
				a.Set(k, v)
			}
		}
		for k, v := range userGlobals {
			au.Set(k, v)
		}
		fo, eo := orig.Fires(ao)
		fn, en := np.Fires(an2)
		if fo != fn || (eo == nil) != (en == nil) {
			return i, fmt.Errorf("for another user the rewritten rule differs from the original on a sampled input (original fires: %v, rewritten: %v)", fo, fn)
		}
		if fu, _ := np.Fires(au); fu {
			return i, errors.New("the rewritten rule fires for the integration user on a sampled input")
		}
	}
	return samples, nil
}

// sampleDim is one input of the sample space.
type sampleDim struct {
	path   string
	prior  bool
	values []formula.Value
}

// sampleSpace collects, per field, prior value and global the formula
// reads, the values the reachability search uses (both modes) plus the
// global's candidates.
func sampleSpace(an *vrAnalysis, r *vrRule) []sampleDim {
	byKey := map[string]*sampleDim{}
	var order []string
	add := func(p string, prior bool, v formula.Value) {
		// Lower-case paths bind without an allocation per Set.
		p = strings.ToLower(p)
		k := p
		if prior {
			k = "prior:" + k
		}
		d := byKey[k]
		if d == nil {
			d = &sampleDim{path: p, prior: prior}
			byKey[k] = d
			order = append(order, k)
		}
		for _, x := range d.values {
			if valueKey(x) == valueKey(v) {
				return
			}
		}
		d.values = append(d.values, v)
	}
	for _, m := range []formula.Mode{formula.ModeCreate, formula.ModeUpdate} {
		slots, fixed, _ := an.buildSlots(r, m)
		for _, f := range fixed {
			add(f.Path, false, f.V)
		}
		for _, sl := range slots {
			for _, c := range sl.Cands {
				add(sl.Path, sl.Kind == slotPrior, c.V)
				if sl.Kind == slotCurrent || sl.Kind == slotUnchanged {
					for _, fr := range r.Prog.Fields() {
						if fr.Prior && strings.EqualFold(fr.Path, sl.Path) {
							add(sl.Path, true, c.V)
						}
					}
				}
			}
		}
	}
	if len(an.Users) > 0 {
		gl := an.Users[0].globals(r.Prog)
		cands := an.globalCandidates(r, gl, globalKnown, globalSwitch, globalUnknown)
		for _, x := range gl {
			if strings.EqualFold(x.Path, "$User.Username") {
				continue
			}
			add(x.Path, false, x.Value)
			for _, v := range cands[x.Path] {
				add(x.Path, false, v)
			}
		}
	}
	out := make([]sampleDim, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	return out
}

// Diff renders the plan as a unified diff that `git apply` accepts from the
// project root.
func (pl *FixPlan) Diff() string {
	var b strings.Builder
	for _, fe := range pl.Files {
		writeFileDiff(&b, fe)
	}
	for _, nf := range pl.NewFiles {
		writeNewFileDiff(&b, nf)
	}
	return b.String()
}

// Write applies the plan to the files: each file is written to a temporary
// file in its folder and renamed over the original, so a file is either
// fully patched or untouched. New files are never written over existing
// ones. It returns the files written and the first error per file.
func (pl *FixPlan) Write() (written []string, errs []error) {
	for _, fe := range pl.Files {
		full := filepath.Join(pl.Root, filepath.FromSlash(fe.File))
		cur, err := os.ReadFile(full)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", fe.File, err))
			continue
		}
		if !bytes.Equal(cur, fe.Old) {
			errs = append(errs, fmt.Errorf("%s: changed since it was read; run fix again", fe.File))
			continue
		}
		newContent, err := applyEdits(fe.Old, fe.Edits)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", fe.File, err))
			continue
		}
		if err := writeAtomic(full, newContent, false); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", fe.File, err))
			continue
		}
		written = append(written, fe.File)
	}
	for _, nf := range pl.NewFiles {
		full := filepath.Join(pl.Root, filepath.FromSlash(nf.File))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", nf.File, err))
			continue
		}
		if err := writeAtomic(full, []byte(nf.Content), true); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", nf.File, err))
			continue
		}
		written = append(written, nf.File)
	}
	return written, errs
}

// applyEdits applies sorted, non-overlapping edits.
func applyEdits(old []byte, edits []TextEdit) ([]byte, error) {
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		if e.Start < last || e.End < e.Start || e.End > len(old) {
			return nil, errors.New("overlapping or out-of-range edits")
		}
		b.Write(old[last:e.Start])
		b.WriteString(e.New)
		last = e.End
	}
	b.Write(old[last:])
	return b.Bytes(), nil
}

// writeAtomic writes through a temporary file renamed into place, keeping
// the original file's permissions; with create, an existing file is an
// error.
func writeAtomic(full string, content []byte, create bool) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(full); err == nil {
		if create {
			return errors.New("already exists")
		}
		mode = st.Mode().Perm()
	} else if !create {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(full), ".synclint-fix-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer os.Remove(name)
	if _, err := tmp.Write(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(name, mode); err != nil {
		return err
	}
	if create {
		// Link fails when the target appeared meanwhile: never overwrite.
		return os.Link(name, full)
	}
	return os.Rename(name, full)
}

// manifestEdits adds the components of new Metadata API files to their
// root's package.xml (a deploy reads only what the manifest lists): into
// the <types> block of the component type, or a new block before
// <version>. A type listed with the * wildcard needs nothing. SFDX files
// need no manifest.
func manifestEdits(p *Pass, files []NewFile) ([]*FileEdit, error) {
	type member struct{ typ, name string }
	byManifest := map[string][]member{}
	var order []string
	for _, nf := range files {
		if strings.HasSuffix(nf.File, "-meta.xml") {
			continue
		}
		dir, base := path.Split(nf.File)
		ext := path.Ext(base)
		name := strings.TrimSuffix(base, ext)
		typ := map[string]string{".customPermission": "CustomPermission", ".permissionset": "PermissionSet", ".object": "CustomObject"}[ext]
		if typ == "" {
			continue
		}
		man := path.Join(path.Dir(strings.TrimSuffix(dir, "/")), "package.xml")
		if byManifest[man] == nil {
			order = append(order, man)
		}
		byManifest[man] = append(byManifest[man], member{typ, name})
	}
	var out []*FileEdit
	for _, man := range order {
		raw, err := os.ReadFile(filepath.Join(p.Root, filepath.FromSlash(man)))
		if err != nil {
			return nil, errors.New("cannot read " + man + " to list the new components: " + err.Error())
		}
		s := string(raw)
		nl := "\n"
		if strings.Contains(s, "\r\n") {
			nl = "\r\n"
		}
		fe := &FileEdit{File: man, Old: raw}
		for _, m := range byManifest[man] {
			nameTag := "<name>" + m.typ + "</name>"
			i := strings.Index(s, nameTag)
			if i >= 0 {
				blockStart := strings.LastIndex(s[:i], "<types>")
				block := s[blockStart:i]
				if strings.Contains(block, "<members>*</members>") || strings.Contains(block, "<members>"+m.name+"</members>") {
					continue
				}
				at := lineStartOf(s, i)
				indent := leadingSpace(s[at:])
				fe.Edits = append(fe.Edits, TextEdit{Start: at, End: at, New: indent + "<members>" + m.name + "</members>" + nl})
				continue
			}
			v := strings.Index(s, "<version>")
			if v < 0 {
				v = strings.Index(s, "</Package>")
			}
			if v < 0 {
				return nil, errors.New(man + " has no <version> or </Package> to add " + m.typ + " " + m.name + " before")
			}
			at := lineStartOf(s, v)
			indent := leadingSpace(s[at:])
			fe.Edits = append(fe.Edits, TextEdit{Start: at, End: at, New: indent + "<types>" + nl + indent + "    <members>" + m.name + "</members>" + nl +
				indent + "    " + nameTag + nl + indent + "</types>" + nl})
		}
		if len(fe.Edits) > 0 {
			sortEdits(fe.Edits)
			out = append(out, fe)
		}
	}
	return out, nil
}
