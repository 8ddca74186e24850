package findings

import (
	"fmt"
	"sort"
	"strings"

	"github.com/synclint/synclint/metadata"
)

// AU03 checks the integration user's object and field access.
var AU03 = Register(&Rule{
	ID:        "AU03",
	Name:      "integration-user-cannot-edit",
	Title:     "Integration user cannot edit the field",
	Category:  CategoryAccess,
	Severity:  Error,
	Precision: PrecisionHigh,
	Bucket:    BucketPermissions,
	Tags:      []string{"permissions", "field-level-security", "profile", "permission-set"},
	Summary:   "The integration user's profile and permission sets deny edit access on a field HubSpot writes, or create/edit on an object HubSpot writes.",
	Doc: `"In order to sync updates from HubSpot records to Salesforce, the
integration user needs to be able to access and edit the corresponding field
or object" (knowledge.hubspot.com/articles/kcs_article/salesforce/how-can-i-resolve-a-salesforce-field-permissions-missing-sync-error).
A user's access is the union of the profile and the permission sets
assigned ("Permission sets extend users' functional access without
changing their profiles", Salesforce Help: Permission Sets).

What is checked statically, for the profile (integrationProfile) and
permission sets (integrationPermissionSets) named in synclint.yaml that the
checkout holds:

- **Objects**: every object the integration writes needs Edit, and Create
  when the integration creates its records (per contactsCreate for Lead and
  Contact; one-way objects such as Case are not written). An object is
  reported when at least one holder has an objectPermissions entry for it
  and none grants the access.
- **Fields**: every field a two-way or prefer-Salesforce mapping writes, and
  every lookup an association mapping fills (Contact.AccountId), needs
  editable field-level security. A field is reported when at least one
  holder has a fieldPermissions entry for it and none has editable=true.

How absence is read: a missing entry is not evidence. The Metadata API
returns "field-level security for fields included in custom objects returned
in the same RetrieveRequest as the profiles" only (Metadata API Developer
Guide, Profile: developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_profile.htm),
so a profile retrieved without an object lists none of its fields.
Universally required and master-detail fields never get entries (their
access cannot be restricted), and formula, roll-up and auto-number fields
are never editable, so synclint never reports them here. The Modify All Data
system permission grants everything and silences the rule.

Example: the profile has editable=false for Lead.Robot_Serial__c and the
permission set does not grant it: every write of contacts.robot_serial_number
fails with a field permissions error.`,
	Fix: "Grant the integration user's permission set edit access on the field (and create/edit on the object).",
	Run: runAU03,
})

func runAU03(p *Pass) {
	acc := integrationAccess(p)
	if !acc.Known() || acc.UserPermission("ModifyAllData") {
		return
	}
	for _, so := range p.Sync.Objects {
		if !writes(so) {
			continue
		}
		checkObjectAccess(p, acc, so)
		done := map[string]bool{}
		for _, t := range so.Targets {
			k := strings.ToLower(t.Ref.String())
			if done[k] || t.Field == nil {
				continue
			}
			done[k] = true
			checkFieldAccess(p, acc, t.Field, t.Mapping.HubSpot.String(), string(t.Mapping.Rule))
		}
		// Lookups the integration fills from associations need edit
		// access too.
		for _, at := range p.Sync.Associations {
			if at.From != so || at.Field == nil {
				continue
			}
			k := strings.ToLower(at.Field.QualifiedName())
			if done[k] {
				continue
			}
			done[k] = true
			checkFieldAccess(p, acc, at.Field, "", "association "+at.Mapping.String())
		}
	}
}

func checkObjectAccess(p *Pass, acc *IntegrationAccess, so *SyncedObject) {
	entries := acc.ObjectEntries(so.Name)
	if len(entries) == 0 {
		return // absence is not evidence
	}
	var create, edit bool
	for _, op := range entries {
		create = create || op.Create || op.ModifyAll
		edit = edit || op.Edit || op.ModifyAll
	}
	var missing []string
	if so.Creates && !create {
		missing = append(missing, "create")
	}
	if so.Updates && !edit {
		missing = append(missing, "edit")
	}
	for _, m := range missing {
		loc := holderEntryLocation(acc, func(h *metadata.PermissionHolder) metadata.Pos {
			if op := h.Objects[strings.ToLower(so.Name)]; op != nil {
				return op.Pos
			}
			return metadata.Pos{}
		})
		ev := Evidence{}.Add("object", so.Name+" ("+so.HubSpotObject+")").
			Add("needs", m).
			Add("entries", describeObjectEntries(acc, so.Name))
		verb := "create"
		if m == "edit" {
			verb = "update"
		}
		p.Report(Finding{
			Message:   fmt.Sprintf("the integration user's profile and permission sets grant no %s access on %s: every %s the integration tries to %s fails", m, so.Name, so.Name, verb),
			Location:  loc,
			Component: so.Name + " (" + m + ")",
			Object:    so.Name,
			Key:       m,
			Evidence:  ev,
			Fix:       fmt.Sprintf("Grant %s on %s in the integration user's permission set (allow%s).", capitalize(m), so.Name, capitalize(m)),
		})
	}
}

func checkFieldAccess(p *Pass, acc *IntegrationAccess, f *metadata.Field, prop, how string) {
	if f.IsCalculated() || f.Type == metadata.TypeMasterDetail || f.Required {
		return // never editable, or never restricted
	}
	name := strings.ToLower(f.QualifiedName())
	var entries []*metadata.FieldPermission
	var holders []*metadata.PermissionHolder
	for _, h := range acc.Holders {
		if fp := h.Fields[name]; fp != nil {
			entries = append(entries, fp)
			holders = append(holders, h)
		}
	}
	if len(entries) == 0 {
		return // absence is not evidence
	}
	for _, fp := range entries {
		if fp.Editable {
			return
		}
	}
	var parts []string
	for i, fp := range entries {
		parts = append(parts, fmt.Sprintf("%s: readable=%t editable=false (%s)", holderNames(holders[i:i+1]), fp.Readable, fp.Pos))
	}
	sort.Strings(parts)
	loc := holderEntryLocation(acc, func(h *metadata.PermissionHolder) metadata.Pos {
		if fp := h.Fields[name]; fp != nil {
			return fp.Pos
		}
		return metadata.Pos{}
	})
	writer := prop + " (" + how + ")"
	if prop == "" {
		writer = how
	}
	ev := Evidence{}.Add("field", f.QualifiedName()).
		Add("HubSpot writes", writer).
		Add("field permissions", strings.Join(parts, "; "))
	if others := holdersWithout(acc, holders); others != "" {
		ev = ev.Add("no entry in", others)
	}
	p.Report(Finding{
		Message:         fmt.Sprintf("the integration user cannot edit %s (editable=false in %s, granted nowhere): every write of %s is rejected", f.QualifiedName(), holderNames(holders), writer),
		Location:        loc,
		Object:          f.Object,
		Field:           f.Name,
		HubSpotProperty: prop,
		Key:             writer,
		Evidence:        ev,
		Fix:             fmt.Sprintf("Set editable=true for %s in the integration user's permission set (or profile).", f.QualifiedName()),
	})
}

// holderEntryLocation returns the first holder's entry position (the
// profile first).
func holderEntryLocation(acc *IntegrationAccess, pos func(*metadata.PermissionHolder) metadata.Pos) Location {
	for _, h := range acc.Holders {
		if ps := pos(h); ps.File != "" {
			return locOf(ps)
		}
	}
	return locOf(acc.Holders[0].Pos)
}

func describeObjectEntries(acc *IntegrationAccess, object string) string {
	var parts []string
	for _, h := range acc.Holders {
		op := h.Objects[strings.ToLower(object)]
		if op == nil {
			parts = append(parts, holderNames([]*metadata.PermissionHolder{h})+": no entry")
			continue
		}
		parts = append(parts, fmt.Sprintf("%s: create=%t edit=%t read=%t modifyAll=%t (%s)", holderNames([]*metadata.PermissionHolder{h}), op.Create, op.Edit, op.Read, op.ModifyAll, op.Pos))
	}
	return strings.Join(parts, "; ")
}

func holdersWithout(acc *IntegrationAccess, with []*metadata.PermissionHolder) string {
	var rest []*metadata.PermissionHolder
	for _, h := range acc.Holders {
		found := false
		for _, w := range with {
			if w == h {
				found = true
			}
		}
		if !found {
			rest = append(rest, h)
		}
	}
	return holderNames(rest)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
