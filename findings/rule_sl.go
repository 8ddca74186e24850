package findings

// Tool diagnostics: problems with synclint's input. They never stop a run;
// each is reported with the file and position of the problem.

// SL01 is produced by the metadata loader.
var SL01 = Register(&Rule{
	ID:        "SL01",
	Name:      "metadata-unreadable",
	Title:     "Metadata file unreadable or malformed",
	Category:  CategoryTool,
	Severity:  Error,
	Precision: PrecisionVeryHigh,
	Tags:      []string{"tool", "metadata"},
	Summary:   "A Salesforce metadata file could not be read or parsed, so the checks could not see what it defines.",
	Doc: `A metadata file is truncated, is not well-formed XML, is not UTF-8, has an
unexpected root element, or duplicates a component another file already defines.
synclint reports the file and line where parsing stopped and goes on with every
other file, so the rest of the report is still complete for what could be read.

Anything the file defines (fields, validation rules, permissions) is missing
from the analysis: findings that depend on it may be absent.`,
	Fix: "Repair the file (re-retrieve it with `sf project retrieve start`) or exclude it in .forceignore.",
})

// SL03 is produced by the HubSpot export readers.
var SL03 = Register(&Rule{
	ID:        "SL03",
	Name:      "hubspot-export-unreadable",
	Title:     "HubSpot export unreadable",
	Category:  CategoryTool,
	Severity:  Error,
	Precision: PrecisionVeryHigh,
	Tags:      []string{"tool", "hubspot"},
	Summary:   "A file of the HubSpot export (properties, pipelines, owners, associations, schemas or records) could not be read.",
	Doc: `A HubSpot export file is not valid JSON or CSV, or holds values of the wrong
type. The finding gives the file and the line and column where reading failed;
the rest of the export is still read. When the export folder is missing
altogether, the checks that compare HubSpot properties with Salesforce fields
have nothing to compare and report nothing.`,
	Fix: "Export the file again with `synclint hubspot pull`, or fix the JSON/CSV at the reported position.",
})

// SL04 is produced when the mapping names something that does not exist.
var SL04 = Register(&Rule{
	ID:        "SL04",
	Name:      "mapping-target-missing",
	Title:     "Mapping names a field or property that does not exist",
	Category:  CategoryTool,
	Severity:  Error,
	Precision: PrecisionHigh,
	Tags:      []string{"tool", "mapping"},
	Summary:   "A field mapping refers to a Salesforce field or a HubSpot property that is not in the checkout or the export.",
	Doc: `The mapping (synclint.yaml or a built-in default) names a Salesforce field
the org does not have, or a HubSpot property the export does not list. Either the
mapping is mistyped, or the checkout or export is incomplete. The mapping is still
analysed with what is known, but checks that need the missing side cannot run.`,
	Fix: "Correct the name in synclint.yaml (Object.Field and objectType.property are case-insensitive API names) or add the missing definition.",
	Run: runSL04,
})

// runSL04 reports writing mappings whose Salesforce field is missing from
// both the checkout and built-in standard-field knowledge. Missing HubSpot
// properties are reported by hubspotschema.ValidateMappings.
func runSL04(p *Pass) {
	seen := map[string]bool{}
	for _, t := range append(append([]*Target(nil), p.Sync.Targets...), p.Sync.Inactive...) {
		if t.Field != nil {
			continue
		}
		key := t.Ref.String() + "|" + t.Mapping.HubSpot.String()
		if seen[key] {
			continue
		}
		seen[key] = true
		obj := LookupObject(p.Org, t.Ref.Object)
		msg := "mapping " + t.Mapping.HubSpot.String() + " → " + t.Ref.String() + ": "
		if obj == nil {
			msg += "object " + t.Ref.Object + " is not in the checkout"
		} else {
			msg += "field " + t.Ref.Field + " is not defined on " + obj.Name
		}
		loc := Location{File: t.Mapping.Pos.File, Line: t.Mapping.Pos.Line, Column: t.Mapping.Pos.Col}
		p.Report(Finding{
			Message:         msg,
			Location:        loc,
			Object:          t.Ref.Object,
			Field:           t.Ref.Field,
			HubSpotProperty: t.Mapping.HubSpot.String(),
			Key:             t.Mapping.HubSpot.String(),
			Evidence:        Evidence{}.Add("mapping", t.Mapping.HubSpot.String()+" → "+t.Ref.String()).Add("rule", string(t.Mapping.Rule)),
		})
	}
}
