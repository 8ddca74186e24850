package findings

import (
	"sort"
	"strings"

	"github.com/synclint/synclint/config"
	"github.com/synclint/synclint/formula"
)

// The running user of an integration write, as validation rules see it.
//
// Globals are fixed for the integration user (formula-language.md §3, §7):
//
//   - $User.Username is the configured integration user (integrationUsers in
//     synclint.yaml; each one is analysed). Without one, the user is an
//     unnamed user that no rule names.
//   - $Profile.Name is integrationProfile.
//   - $Permission.X is TRUE when the profile or a permission set in
//     integrationPermissionSets grants custom permission X
//     (PermissionHolder.CustomPermissions), or X is listed under
//     integrationPermissions. When none of these is known, the user is
//     taken to hold no custom permission, and a rule that a permission
//     would exempt is reported as a warning that names the permission.
//   - $Setup.<Setting>.<Field> (hierarchy custom settings) and
//     $CustomMetadata values are data, not metadata: no checkout holds the
//     value a setting has for the integration user (user, then profile, then
//     org default: [DOC] "$Setup" global variable). A rule that such a switch
//     can turn off is taken as bypassed for the integration user (that is
//     what the switch is for); `synclint explain-rules` lists these rules so
//     the admin can check the setting. integrationSettings in synclint.yaml
//     gives such values when the admin knows them; they are then used.
//   - Every other global ($User.Id, $User.ProfileId, $UserRole.*, $Label.*,
//     custom $User fields, $Organization.*) is unknown: it is given a value
//     no rule names (blank, or a marker for Ids and names), and a rule that
//     some value of it would exempt is reported as a warning that says
//     which value.

// vrUser is one integration user.
type vrUser struct {
	// Username is "" when synclint.yaml names no integration user.
	Username string
	// Profile is the configured profile name ("" = unknown).
	Profile string
	// permsKnown is true when the user's custom permissions are known.
	permsKnown bool
	access     *IntegrationAccess
	extraPerms []string
	// settings are the integrationSettings of synclint.yaml.
	settings *config.Config
}

// settingKnown reports whether synclint.yaml gives the value of a $Setup
// global ("$Setup.Setting__c.Field__c").
func (u *vrUser) settingKnown(path string) bool {
	_, ok := u.settings.IntegrationSetting(strings.TrimPrefix(path, "$Setup."))
	return ok
}

// setting returns a configured $Setup value as the formula type it has.
func (u *vrUser) setting(gr formula.GlobalRef) (formula.Value, string) {
	v, _ := u.settings.IntegrationSetting(strings.TrimPrefix(gr.Path, "$Setup."))
	why := "integrationSettings in synclint.yaml"
	switch x := v.(type) {
	case bool:
		return formula.Bool(x), why
	case float64:
		return formula.Number(x), why
	case string:
		if gr.Field.Type == formula.TypeBoolean {
			return formula.Bool(strings.EqualFold(x, "true")), why
		}
		return formula.Text(x), why
	}
	return freshGlobal(gr), why
}

// display names the user in witnesses and messages.
func (u *vrUser) display() string {
	if u.Username == "" {
		return "the integration user (not named: set integrationUsers in synclint.yaml)"
	}
	return u.Username
}

// unnamedUsername stands for the integration user when none is configured:
// a name no rule compares with.
const unnamedUsername = "integration.user@synclint.invalid"

// globalClass says how a global is known for the integration user.
type globalClass int

const (
	globalKnown globalClass = iota
	// globalSwitch: a $Setup / $CustomMetadata value (data synclint cannot read).
	globalSwitch
	// globalUnknown: any other global whose value is not known.
	globalUnknown
)

// vrGlobal is a global a formula reads, with the value used for the
// integration user.
type vrGlobal struct {
	Path  string
	Class globalClass
	Value formula.Value
	// Type is the formula type of the global.
	Type formula.Type
	// Why says where the value comes from ("integrationUsers",
	// "granted by permission set HubSpot_Integration", "not granted …").
	Why string
}

func integrationUsers(p *Pass) []*vrUser {
	var base vrUser
	if p.Config != nil {
		base.Profile = strings.TrimSpace(p.Config.IntegrationProfile)
		base.extraPerms = p.Config.IntegrationPermissions
		base.settings = p.Config
		base.access = integrationAccess(p)
		base.permsKnown = base.access.Known() || len(p.Config.IntegrationPermissions) > 0
	}
	var out []*vrUser
	if p.Config != nil {
		seen := map[string]bool{}
		for _, name := range p.Config.IntegrationUsers {
			name = strings.TrimSpace(name)
			if name == "" || seen[strings.ToLower(name)] {
				continue
			}
			seen[strings.ToLower(name)] = true
			u := base
			u.Username = name
			out = append(out, &u)
		}
	}
	if len(out) == 0 {
		u := base
		out = append(out, &u)
	}
	return out
}

// globals classifies every global prog reads for this user.
func (u *vrUser) globals(prog *formula.Program) []vrGlobal {
	var out []vrGlobal
	for _, gr := range prog.Globals() {
		if strings.EqualFold(gr.Global, "$RecordType") {
			// The record's record type, not the user's: a search slot.
			continue
		}
		g := vrGlobal{Path: gr.Path, Type: gr.Field.Type}
		lower := strings.ToLower(gr.Path)
		switch {
		case lower == "$user.username":
			g.Class = globalKnown
			if u.Username != "" {
				g.Value, g.Why = formula.Text(u.Username), "integrationUsers in synclint.yaml"
			} else {
				g.Value, g.Why = formula.Text(unnamedUsername), "no integration user configured: taken as a user no rule names"
			}
		case lower == "$profile.name" && u.Profile != "":
			g.Class, g.Value, g.Why = globalKnown, formula.Text(u.Profile), "integrationProfile in synclint.yaml"
		case gr.Global == "$Permission":
			name := strings.TrimPrefix(gr.Path[len("$Permission"):], ".")
			if u.permsKnown {
				g.Class = globalKnown
				granted := u.access != nil && u.access.CustomPermission(name, u.extraPerms)
				g.Value = formula.Bool(granted)
				g.Why = u.permissionWhy(name, granted)
			} else {
				g.Class, g.Value = globalUnknown, formula.Bool(false)
				g.Why = "the integration user's profile and permission sets are unknown (set integrationProfile / integrationPermissionSets)"
			}
		case gr.Global == "$Setup" && u.settingKnown(gr.Path):
			g.Class = globalKnown
			g.Value, g.Why = u.setting(gr)
		case gr.Global == "$Setup" || gr.Global == "$CustomMetadata":
			g.Class, g.Value = globalSwitch, freshGlobal(gr)
			g.Why = "a custom setting or custom metadata value: data synclint cannot read (declare it under integrationSettings in synclint.yaml)"
		default:
			g.Class, g.Value = globalUnknown, freshGlobal(gr)
			g.Why = "not known for the integration user"
		}
		out = append(out, g)
	}
	return out
}

// permissionWhy explains whether the user holds a custom permission.
func (u *vrUser) permissionWhy(name string, granted bool) string {
	var holders []string
	if u.access != nil {
		for _, h := range u.access.Holders {
			if granted && !h.CustomPermissions[strings.ToLower(name)] {
				continue
			}
			kind := "permission set "
			if h.Profile {
				kind = "profile "
			}
			holders = append(holders, kind+h.Name)
		}
	}
	sort.Strings(holders)
	if granted {
		for _, e := range u.extraPerms {
			if strings.EqualFold(strings.TrimSpace(e), name) {
				holders = append(holders, "integrationPermissions in synclint.yaml")
				break
			}
		}
		return "granted by " + strings.Join(holders, ", ")
	}
	if len(holders) == 0 {
		return "not granted (not in integrationPermissions)"
	}
	return "not granted by " + strings.Join(holders, " or ")
}

// freshGlobal is the value of an unknown global: one no rule names.
func freshGlobal(gr formula.GlobalRef) formula.Value {
	switch gr.Field.Type {
	case formula.TypeBoolean:
		return formula.Bool(false)
	case formula.TypeText, formula.TypeAny, formula.TypePicklist:
		lower := strings.ToLower(gr.Path)
		if strings.HasSuffix(lower, "id") || strings.HasSuffix(lower, ".name") || strings.HasSuffix(lower, ".developername") {
			// Ids and names are never blank for a real user; a marker
			// equals no literal a rule compares with.
			return formula.Text("(unknown " + gr.Path + ")")
		}
	}
	return formula.Null()
}
