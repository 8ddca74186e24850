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
	// Mappings are added to the defaults, or replace the defaults with the
	// same HubSpot property on the same Salesforce object.
	Mappings []MappingSpec `yaml:"mappings"`
	// Associations map HubSpot association types onto Salesforce lookups
	// (added to the integration's defaults: contact→company = Contact.AccountId, …).
	Associations []AssociationSpec `yaml:"associations"`
	// DefaultMappings: false drops the built-in default mappings.
	DefaultMappings *bool `yaml:"defaultMappings"`
	// Rules configures individual rules by ID.
	Rules map[string]RuleConfig `yaml:"rules"`

	// Lines maps top-level keys ("contactsCreate") and sync entries
	// ("sync.companies") to the line they are written on, so findings about
	// a setting can point at it.
	Lines map[string]int `yaml:"-"`
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
// relative paths.
func Parse(path string, data []byte) (*Config, error) {
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
		return nil, yamlError(path, err)
	}
	if len(root.Content) == 0 {
		c.applyDefaults()
		return c, nil
	}
	if err := checkKeys(path, root.Content[0]); err != nil {
		return nil, err
	}
	if err := root.Decode(c); err != nil {
		return nil, yamlError(path, err)
	}
	c.Path, c.Dir = abs, filepath.Dir(abs)
	c.Lines = map[string]int{}
	top := root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		c.Lines[top.Content[i].Value] = top.Content[i].Line
		if top.Content[i].Value == "sync" && top.Content[i+1].Kind == yaml.MappingNode {
			sm := top.Content[i+1]
			for j := 0; j+1 < len(sm.Content); j += 2 {
				c.Lines["sync."+sm.Content[j].Value] = sm.Content[j].Line
			}
		}
	}
	// Record where each mapping entry sits, for SL04 diagnostics.
	if m := mapValue(root.Content[0], "mappings"); m != nil && m.Kind == yaml.SequenceNode {
		for i, n := range m.Content {
			if i < len(c.Mappings) {
				c.Mappings[i].Line, c.Mappings[i].Column = n.Line, n.Column
			}
		}
	}
	if m := mapValue(root.Content[0], "associations"); m != nil && m.Kind == yaml.SequenceNode {
		for i, n := range m.Content {
			if i < len(c.Associations) {
				c.Associations[i].Line, c.Associations[i].Column = n.Line, n.Column
			}
		}
	}
	c.applyDefaults()
	if err := c.validate(root.Content[0]); err != nil {
		return nil, err
	}
	return c, nil
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
	"integrationPermissions": true, "mappings": true, "associations": true, "defaultMappings": true, "rules": true,
}

func checkKeys(path string, n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return &Error{File: path, Line: n.Line, Column: n.Column, Message: "the config must be a mapping of keys to values"}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !knownKeys[k.Value] {
			return &Error{File: path, Line: k.Line, Column: k.Column, Message: fmt.Sprintf("unknown key %q", k.Value)}
		}
	}
	return nil
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

func (c *Config) validate(root *yaml.Node) error {
	pos := func(key string) (int, int) {
		if v := mapValue(root, key); v != nil {
			return v.Line, v.Column
		}
		return 0, 0
	}
	switch strings.ToLower(c.ContactsCreate) {
	case "lead":
		c.ContactsCreate = "Lead"
	case "contact":
		c.ContactsCreate = "Contact"
	default:
		l, col := pos("contactsCreate")
		return &Error{File: c.Path, Line: l, Column: col, Message: fmt.Sprintf("contactsCreate must be Lead or Contact, not %q", c.ContactsCreate)}
	}
	for k := range c.Sync {
		switch k {
		case "contacts", "companies", "deals", "tickets":
		default:
			l, col := pos("sync")
			return &Error{File: c.Path, Line: l, Column: col, Message: fmt.Sprintf("sync: unknown object %q (want companies, deals or tickets)", k)}
		}
	}
	for _, m := range c.Mappings {
		if m.HubSpot == "" || len(m.Salesforce) == 0 {
			return &Error{File: c.Path, Line: m.Line, Column: m.Column, Message: "a mapping needs hubspot: objectType.property and salesforce: [Object.Field, …]"}
		}
	}
	for _, a := range c.Associations {
		if !strings.Contains(a.HubSpot, "-") || (a.Salesforce == "" && a.Junction == "") {
			return &Error{File: c.Path, Line: a.Line, Column: a.Column, Message: "an association needs hubspot: from-to and salesforce: Object.Field (or junction: Object)"}
		}
	}
	for id, rc := range c.Rules {
		if rc.Severity != "" {
			switch strings.ToLower(rc.Severity) {
			case "error", "warning", "note", "off":
			default:
				l, col := pos("rules")
				return &Error{File: c.Path, Line: l, Column: col, Message: fmt.Sprintf("rules.%s.severity must be error, warning, note or off", id)}
			}
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
