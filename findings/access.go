package findings

import (
	"sort"
	"strings"

	"github.com/synclint/synclint/formula"
	"github.com/synclint/synclint/metadata"
)

// IntegrationAccess is what the checkout says about the integration user's
// access: the profile and permission sets named in synclint.yaml
// (integrationProfile, integrationPermissionSets) that the checkout holds.
// Effective access is their union (Salesforce Help, "Permission Sets":
// permission sets extend users' functional access without changing their
// profiles).
type IntegrationAccess struct {
	// Holders are the profile (first) and the permission sets found.
	Holders []*metadata.PermissionHolder
	// Profile is the profile found (nil when not configured or absent).
	Profile *metadata.PermissionHolder
	// Missing names configured holders the checkout lacks.
	Missing []string
}

const integrationAccessKey = "access.integration"

// integrationAccess returns the integration user's holders (computed once).
func integrationAccess(p *Pass) *IntegrationAccess {
	return p.Shared.Get(integrationAccessKey, func() any {
		a := &IntegrationAccess{}
		if p.Config == nil {
			return a
		}
		if name := strings.TrimSpace(p.Config.IntegrationProfile); name != "" {
			if h := p.Org.Profiles[strings.ToLower(name)]; h != nil {
				a.Profile = h
				a.Holders = append(a.Holders, h)
			} else {
				a.Missing = append(a.Missing, "profile "+name)
			}
		}
		for _, name := range p.Config.IntegrationPermissionSets {
			if h := p.Org.PermissionSets[strings.ToLower(strings.TrimSpace(name))]; h != nil {
				a.Holders = append(a.Holders, h)
			} else {
				a.Missing = append(a.Missing, "permission set "+name)
			}
		}
		return a
	}).(*IntegrationAccess)
}

// Known reports whether any of the integration user's holders is in the
// checkout.
func (a *IntegrationAccess) Known() bool { return len(a.Holders) > 0 }

// UserPermission reports whether a holder enables a system permission
// (ModifyAllData, ViewAllData, …).
func (a *IntegrationAccess) UserPermission(name string) bool {
	for _, h := range a.Holders {
		if h.UserPermissions[strings.ToLower(name)] {
			return true
		}
	}
	return false
}

// CustomPermission reports whether a holder (or the config's
// integrationPermissions) grants a custom permission.
func (a *IntegrationAccess) CustomPermission(name string, extra []string) bool {
	for _, h := range a.Holders {
		if h.CustomPermissions[strings.ToLower(name)] {
			return true
		}
	}
	for _, e := range extra {
		if strings.EqualFold(strings.TrimSpace(e), name) {
			return true
		}
	}
	return false
}

// ObjectEntries returns the holders' objectPermissions entries for an object.
func (a *IntegrationAccess) ObjectEntries(object string) []*metadata.ObjectPermission {
	var out []*metadata.ObjectPermission
	for _, h := range a.Holders {
		if op := h.Objects[strings.ToLower(object)]; op != nil {
			out = append(out, op)
		}
	}
	return out
}

// SeesAll reports whether the integration user can read every record of
// an object whatever its sharing: View All or Modify All on the object, or
// the View All Data / Modify All Data system permissions.
func (a *IntegrationAccess) SeesAll(object string) bool {
	if a.UserPermission("ViewAllData") || a.UserPermission("ModifyAllData") {
		return true
	}
	for _, op := range a.ObjectEntries(object) {
		if op.ViewAll || op.ModifyAll {
			return true
		}
	}
	return false
}

// integrationGlobals returns the values of the running-user globals that
// synclint knows for the integration user, keyed by formula reference:
// $User.Username (the first integrationUsers entry), $Profile.Name (the
// configured profile) and, when the user's holders are in the checkout,
// every $Permission the formula reads (granted or not). Globals not listed
// stay unknown for partial evaluation ($Setup hierarchy settings, custom
// $User fields, $UserRole).
func integrationGlobals(p *Pass, prog *formula.Program) map[string]formula.Value {
	g := map[string]formula.Value{}
	if p.Config == nil {
		return g
	}
	if len(p.Config.IntegrationUsers) > 0 {
		g["$User.Username"] = formula.Text(strings.TrimSpace(p.Config.IntegrationUsers[0]))
	}
	if name := strings.TrimSpace(p.Config.IntegrationProfile); name != "" {
		g["$Profile.Name"] = formula.Text(name)
	}
	acc := integrationAccess(p)
	known := acc.Known() || len(p.Config.IntegrationPermissions) > 0
	for _, gr := range prog.Globals() {
		if gr.Global != "$Permission" || !known {
			continue
		}
		name := strings.TrimPrefix(gr.Path[len("$Permission"):], ".")
		g[gr.Path] = formula.Bool(acc.CustomPermission(name, p.Config.IntegrationPermissions))
	}
	return g
}

// holderNames renders the names of holders for evidence.
func holderNames(hs []*metadata.PermissionHolder) string {
	var out []string
	for _, h := range hs {
		kind := "permission set"
		if h.Profile {
			kind = "profile"
		}
		out = append(out, kind+" "+h.Name)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}
