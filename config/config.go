// Package config reads synclint.yaml: where the HubSpot export is, who the
// integration user is, which objects sync, and the user's field mappings.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// FileNames are the config file names looked for, in order.
var FileNames = []string{"synclint.yaml", ".synclint.yaml", "synclint.yml", ".synclint.yml"}

// Config is the parsed synclint.yaml. Paths are resolved against the
// directory of the file.
type Config struct {
	// Path is the config file read ("" when defaults are used).
	Path string `yaml:"-"`
	// Dir is the directory relative paths are resolved against.
	Dir string `yaml:"-"`

	// HubSpot is the export folder.
	HubSpot string `yaml:"hubspot"`
	// Records is the folder of HubSpot record CSV exports (default: the
	// export's records/ folder).
	Records string `yaml:"records"`
	// IntegrationUsers are the Salesforce usernames the integration runs as.
	IntegrationUsers []string `yaml:"integrationUsers"`
	// ContactsCreate is Lead or Contact: what a new HubSpot contact becomes.
	ContactsCreate string `yaml:"contactsCreate"`
	// Sync switches the optional object syncs (companies, deals, tickets).
	Sync map[string]bool `yaml:"sync"`
	// IntegrationProfile and IntegrationPermissionSets give the integration
	// user's access.
	IntegrationProfile        string   `yaml:"integrationProfile"`
	IntegrationPermissionSets []string `yaml:"integrationPermissionSets"`
	// IntegrationPermissions are custom permissions the integration user has
	// beyond what the profile and permission sets in the repo grant.
	IntegrationPermissions []string `yaml:"integrationPermissions"`
	// IntegrationSettings are the values the integration user's hierarchy
	// custom settings resolve to, keyed "Setting__c.Field__c"
	// ($Setup.Setting__c.Field__c in formulas): settings are data that no
	// metadata checkout holds.
	IntegrationSettings map[string]any `yaml:"integrationSettings"`
	// Mappings are added to the defaults, or replace the defaults with the
	// same HubSpot property on the same Salesforce object.
	Mappings []MappingSpec `yaml:"mappings"`
	// Associations map HubSpot association types onto Salesforce lookups
	// (added to the integration's defaults: contact→company = Contact.AccountId, …).
	Associations []AssociationSpec `yaml:"associations"`
	// DefaultMappings: false drops the built-in default mappings.
	DefaultMappings *bool `yaml:"defaultMappings"`
	// Rules configures individual rules by ID (keys are upper-cased).
	Rules map[string]RuleConfig `yaml:"rules"`

	// Version is the version of the config format; only 1 exists. It is
	// optional, so files written before it existed keep working.
	Version int `yaml:"version"`
	// FailOn is the default of check --fail-on: error, warning, note or none.
	FailOn string `yaml:"failOn"`
	// Severity is the default of check --severity: the lowest severity
	// reported (error, warning or note).
	Severity string `yaml:"severity"`
	// Baseline is the baseline file, relative to this file (default:
	// .synclint-baseline.json in the checked folder).
	Baseline string `yaml:"baseline"`

	// Lines maps top-level keys ("contactsCreate") and sync entries
	// ("sync.companies") to the line they are written on, so findings about
	// a setting can point at it.
	Lines map[string]int `yaml:"-"`
}

// IntegrationSetting returns the configured value of a hierarchy custom
// setting field ("Setting__c.Field__c", case-insensitive): a bool, a float64
// or a string.
func (c *Config) IntegrationSetting(path string) (any, bool) {
	if c == nil {
		return nil, false
	}
	for k, v := range c.IntegrationSettings {
		if strings.EqualFold(k, path) {
			switch x := v.(type) {
			case bool, string, float64:
				return x, true
			case int:
				return float64(x), true
			}
		}
	}
	return nil, false
}

// Line returns the line of a key ("contactsCreate", "sync.deals"), or 0.
func (c *Config) Line(key string) int {
	if c == nil {
		return 0
	}
	return c.Lines[key]
}

// MappingSpec is one mapping as written in the config.
type MappingSpec struct {
	HubSpot    string   `yaml:"hubspot"`
	Salesforce []string `yaml:"salesforce"`
	Rule       string   `yaml:"rule"`
	// Line and Column locate the entry in the config file.
	Line   int `yaml:"-"`
	Column int `yaml:"-"`
}

// AssociationSpec maps a HubSpot association (from→to object types) onto a
// Salesforce lookup or master-detail field, or onto a junction object.
type AssociationSpec struct {
	// HubSpot is "from-to", e.g. "p_projects-companies" or "deals-contacts".
	HubSpot string `yaml:"hubspot"`
	// Salesforce is the lookup written on the "from" record (Object.Field).
	Salesforce string `yaml:"salesforce"`
	// Junction is a junction object that holds the association instead
	// (OpportunityContactRole, AccountContactRelation, …).
	Junction string `yaml:"junction"`
	// Label restricts the mapping to one association label.
	Label  string `yaml:"label"`
	Line   int    `yaml:"-"`
	Column int    `yaml:"-"`
}

// RuleConfig enables, disables or re-grades a rule.
type RuleConfig struct {
	Enabled  *bool  `yaml:"enabled"`
	Severity string `yaml:"severity"`
}

// Error is a config problem with its position.
type Error struct {
	File    string
	Line    int
	Column  int
	Message string
}

// Error renders file:line:column: message.
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
	}
	return e.File + ": " + e.Message
}

// Default returns the configuration used when no file exists.
func Default(dir string) *Config {
	c := &Config{Dir: dir}
	c.applyDefaults()
	return c
}

func (c *Config) applyDefaults() {
	if c.HubSpot == "" {
		c.HubSpot = "hubspot"
	}
	if c.ContactsCreate == "" {
		c.ContactsCreate = "Lead"
	}
	if c.Sync == nil {
		c.Sync = map[string]bool{}
	}
	// HubSpot syncs contacts always; companies and deals are on by default
	// in the integration's setup, tickets are opt-in.
	for k, v := range map[string]bool{"contacts": true, "companies": true, "deals": true, "tickets": false} {
		if _, ok := c.Sync[k]; !ok {
			c.Sync[k] = v
		}
	}
}

// Find returns the config file for dir: the first of FileNames in dir or a
// parent, stopping at the repository root (a directory holding .git). It
// returns "" when there is none.
func Find(dir string) string {
	d, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		for _, n := range FileNames {
			p := filepath.Join(d, n)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p
			}
		}
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return ""
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// Load reads and validates a config file.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Message: err.Error()}
	}
	return Parse(path, data)
}

// Parse parses config bytes; path is used for messages and to resolve
// relative paths. It returns the first problem; Check returns them all.
func Parse(path string, data []byte) (*Config, error) {
	c, errs := parse(path, data)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return c, nil
}

// Check parses config bytes and returns every problem found, each with its
// position (`synclint config validate`). A YAML syntax error stops the check
// at that point; everything else is collected.
func Check(path string, data []byte) []*Error {
	_, errs := parse(path, data)
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Line != errs[j].Line {
			return errs[i].Line < errs[j].Line
		}
		return errs[i].Column < errs[j].Column
	})
	return errs
}

func parse(path string, data []byte) (*Config, []*Error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	c := &Config{Path: abs, Dir: filepath.Dir(abs)}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			c.applyDefaults()
			return c, nil
		}
		return nil, yamlErrors(path, err)
	}
	if len(root.Content) == 0 {
		c.applyDefaults()
		return c, nil
	}
	top := root.Content[0]
	if errs := checkKeys(path, top); len(errs) > 0 {
		// Unknown keys would be dropped silently by the decoder; report
		// them and the rest of the structural problems together.
		return nil, errs
	}
	if err := root.Decode(c); err != nil {
		return nil, yamlErrors(path, err)
	}
	c.Path, c.Dir = abs, filepath.Dir(abs)
	c.Lines = map[string]int{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		c.Lines[top.Content[i].Value] = top.Content[i].Line
		if (top.Content[i].Value == "sync" || top.Content[i].Value == "rules") && top.Content[i+1].Kind == yaml.MappingNode {
			sm := top.Content[i+1]
			for j := 0; j+1 < len(sm.Content); j += 2 {
				key := sm.Content[j].Value
				if top.Content[i].Value == "rules" {
					key = strings.ToUpper(key)
				}
				c.Lines[top.Content[i].Value+"."+key] = sm.Content[j].Line
			}
		}
	}
	// Record where each mapping entry sits, for SL04 diagnostics.
	if m := mapValue(top, "mappings"); m != nil && m.Kind == yaml.SequenceNode {
		for i, n := range m.Content {
			if i < len(c.Mappings) {
				c.Mappings[i].Line, c.Mappings[i].Column = n.Line, n.Column
			}
		}
	}
	if m := mapValue(top, "associations"); m != nil && m.Kind == yaml.SequenceNode {
		for i, n := range m.Content {
			if i < len(c.Associations) {
				c.Associations[i].Line, c.Associations[i].Column = n.Line, n.Column
			}
		}
	}
	// Rule IDs are upper-case in the catalog; accept "pv10" as PV10.
	if len(c.Rules) > 0 {
		rules := make(map[string]RuleConfig, len(c.Rules))
		for id, rc := range c.Rules {
			rules[strings.ToUpper(strings.TrimSpace(id))] = rc
		}
		c.Rules = rules
	}
	c.applyDefaults()
	if errs := c.validate(top); len(errs) > 0 {
		return nil, errs
	}
	return c, nil
}

// yamlErrors turns a YAML error into positioned errors: one for a syntax
// error, one per problem of a type error.
func yamlErrors(path string, err error) []*Error {
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 1 {
		out := make([]*Error, 0, len(te.Errors))
		for _, msg := range te.Errors {
			out = append(out, yamlError(path, &yaml.TypeError{Errors: []string{msg}}).(*Error))
		}
		return out
	}
	return []*Error{yamlError(path, err).(*Error)}
}

func yamlError(path string, err error) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	// yaml.v3 messages read "line N: …".
	if strings.HasPrefix(msg, "line ") {
		rest := msg[5:]
		if i := strings.IndexByte(rest, ':'); i > 0 {
			fmt.Sscanf(rest[:i], "%d", &line)
			msg = strings.TrimSpace(rest[i+1:])
		}
	}
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		msg = te.Errors[0]
		if strings.HasPrefix(msg, "line ") {
			rest := msg[5:]
			if i := strings.IndexByte(rest, ':'); i > 0 {
				fmt.Sscanf(rest[:i], "%d", &line)
				msg = strings.TrimSpace(rest[i+1:])
			}
		}
	}
	return &Error{File: path, Line: line, Column: 1, Message: msg}
}

var knownKeys = map[string]bool{
	"hubspot": true, "records": true, "integrationUsers": true, "contactsCreate": true,
	"sync": true, "integrationProfile": true, "integrationPermissionSets": true,
	"integrationPermissions": true, "integrationSettings": true, "mappings": true, "associations": true, "defaultMappings": true, "rules": true,
	"version": true, "failOn": true, "severity": true, "baseline": true,
}

// Keys of the entries of nested lists and maps; anything else is a typo the
// decoder would drop silently.
var (
	mappingKeys     = map[string]bool{"hubspot": true, "salesforce": true, "rule": true}
	associationKeys = map[string]bool{"hubspot": true, "salesforce": true, "junction": true, "label": true}
	ruleKeys        = map[string]bool{"enabled": true, "severity": true}
)

// KnownKeys returns the top-level keys of the config file, sorted (the JSON
// schema in docs/synclint.schema.json must list the same).
func KnownKeys() []string {
	out := make([]string, 0, len(knownKeys))
	for k := range knownKeys {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// NestedKeys returns the keys allowed in mapping, association and rule
// entries, sorted, keyed by "mappings", "associations" and "rules".
func NestedKeys() map[string][]string {
	out := map[string][]string{}
	for name, m := range map[string]map[string]bool{"mappings": mappingKeys, "associations": associationKeys, "rules": ruleKeys} {
		for k := range m {
			out[name] = append(out[name], k)
		}
		sort.Strings(out[name])
	}
	return out
}

var ruleIDPattern = regexp.MustCompile(`^[A-Za-z]{2}[0-9]{2}$`)

func checkKeys(path string, n *yaml.Node) []*Error {
	if n.Kind != yaml.MappingNode {
		return []*Error{{File: path, Line: n.Line, Column: n.Column, Message: "the config must be a mapping of keys to values"}}
	}
	var errs []*Error
	unknown := func(k *yaml.Node, where string, allowed map[string]bool) {
		names := make([]string, 0, len(allowed))
		for a := range allowed {
			names = append(names, a)
		}
		sort.Strings(names)
		errs = append(errs, &Error{File: path, Line: k.Line, Column: k.Column, Message: fmt.Sprintf("%sunknown key %q (want %s)", where, k.Value, strings.Join(names, ", "))})
	}
	entries := func(list *yaml.Node, name string, allowed map[string]bool) {
		if list == nil || list.Kind != yaml.SequenceNode {
			return
		}
		for i, item := range list.Content {
			if item.Kind != yaml.MappingNode {
				continue
			}
			for j := 0; j+1 < len(item.Content); j += 2 {
				if k := item.Content[j]; !allowed[k.Value] {
					unknown(k, fmt.Sprintf("%s[%d]: ", name, i), allowed)
				}
			}
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !knownKeys[k.Value] {
			errs = append(errs, &Error{File: path, Line: k.Line, Column: k.Column, Message: fmt.Sprintf("unknown key %q", k.Value)})
			continue
		}
		switch k.Value {
		case "mappings":
			entries(v, "mappings", mappingKeys)
		case "associations":
			entries(v, "associations", associationKeys)
		case "rules":
			if v.Kind != yaml.MappingNode {
				continue
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				id, rc := v.Content[j], v.Content[j+1]
				if !ruleIDPattern.MatchString(id.Value) {
					errs = append(errs, &Error{File: path, Line: id.Line, Column: id.Column, Message: fmt.Sprintf("rules: %q is not a rule ID (like PV05)", id.Value)})
					continue
				}
				if rc.Kind != yaml.MappingNode {
					continue
				}
				for m := 0; m+1 < len(rc.Content); m += 2 {
					if rk := rc.Content[m]; !ruleKeys[rk.Value] {
						unknown(rk, "rules."+strings.ToUpper(id.Value)+": ", ruleKeys)
					}
				}
			}
		}
	}
	return errs
}

func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func (c *Config) validate(root *yaml.Node) []*Error {
	var errs []*Error
	at := func(n *yaml.Node, msg string) {
		e := &Error{File: c.Path, Message: msg}
		if n != nil {
			e.Line, e.Column = n.Line, n.Column
		}
		errs = append(errs, e)
	}
	switch strings.ToLower(c.ContactsCreate) {
	case "lead":
		c.ContactsCreate = "Lead"
	case "contact":
		c.ContactsCreate = "Contact"
	default:
		at(mapValue(root, "contactsCreate"), fmt.Sprintf("contactsCreate must be Lead or Contact, not %q", c.ContactsCreate))
	}
	syncKeys := make([]string, 0, len(c.Sync))
	for k := range c.Sync {
		syncKeys = append(syncKeys, k)
	}
	sort.Strings(syncKeys)
	for _, k := range syncKeys {
		switch k {
		case "contacts", "companies", "deals", "tickets":
		default:
			at(mapValue(root, "sync"), fmt.Sprintf("sync: unknown object %q (want companies, deals or tickets)", k))
		}
	}
	settingKeys := make([]string, 0, len(c.IntegrationSettings))
	for k := range c.IntegrationSettings {
		settingKeys = append(settingKeys, k)
	}
	sort.Strings(settingKeys)
	for _, k := range settingKeys {
		if i := strings.IndexByte(k, '.'); i <= 0 || i == len(k)-1 || strings.Count(k, ".") != 1 {
			at(mapValue(root, "integrationSettings"), fmt.Sprintf("integrationSettings: %q is not Setting__c.Field__c", k))
			continue
		}
		switch c.IntegrationSettings[k].(type) {
		case bool, string, float64, int:
		default:
			at(mapValue(root, "integrationSettings"), fmt.Sprintf("integrationSettings.%s must be true/false, a number or a text", k))
		}
	}
	for _, m := range c.Mappings {
		if m.HubSpot == "" || len(m.Salesforce) == 0 {
			errs = append(errs, &Error{File: c.Path, Line: m.Line, Column: m.Column, Message: "a mapping needs hubspot: objectType.property and salesforce: [Object.Field, …]"})
		}
	}
	for _, a := range c.Associations {
		if !strings.Contains(a.HubSpot, "-") || (a.Salesforce == "" && a.Junction == "") {
			errs = append(errs, &Error{File: c.Path, Line: a.Line, Column: a.Column, Message: "an association needs hubspot: from-to and salesforce: Object.Field (or junction: Object)"})
		}
	}
	ids := make([]string, 0, len(c.Rules))
	for id := range c.Rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	rules := mapValue(root, "rules")
	for _, id := range ids {
		rc := c.Rules[id]
		if rc.Severity != "" {
			switch strings.ToLower(rc.Severity) {
			case "error", "warning", "note", "off":
			default:
				n := rules
				if v := mapValueFold(rules, id); v != nil {
					n = mapValue(v, "severity")
					if n == nil {
						n = v
					}
				}
				at(n, fmt.Sprintf("rules.%s.severity must be error, warning, note or off", id))
			}
		}
	}
	if c.Version != 0 && c.Version != 1 {
		at(mapValue(root, "version"), fmt.Sprintf("version must be 1, not %d", c.Version))
	}
	if c.FailOn != "" {
		switch strings.ToLower(c.FailOn) {
		case "error", "warning", "note", "none":
		default:
			at(mapValue(root, "failOn"), fmt.Sprintf("failOn must be error, warning, note or none, not %q", c.FailOn))
		}
	}
	if c.Severity != "" {
		switch strings.ToLower(c.Severity) {
		case "error", "warning", "note":
		default:
			at(mapValue(root, "severity"), fmt.Sprintf("severity must be error, warning or note, not %q", c.Severity))
		}
	}
	return errs
}

// mapValueFold is mapValue with a case-insensitive key.
func mapValueFold(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if strings.EqualFold(n.Content[i].Value, key) {
			return n.Content[i+1]
		}
	}
	return nil
}

// Resolve returns p resolved against the config's directory.
func (c *Config) Resolve(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// Syncs reports whether the HubSpot object type syncs.
func (c *Config) Syncs(objectType string) bool {
	v, ok := c.Sync[objectType]
	return ok && v
}
