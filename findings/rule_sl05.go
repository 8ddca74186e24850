package findings

// SL05 is produced by the suppression step of the post-processing pipeline
// (package findings/filter), not by a Run function: it needs every
// synclint:ignore directive of the project and the findings they match.
var SL05 = Register(&Rule{
	ID:        "SL05",
	Name:      "suppression-unused-or-invalid",
	Title:     "Unused or invalid suppression",
	Category:  CategoryTool,
	Severity:  Warning,
	Precision: PrecisionVeryHigh,
	Tags:      []string{"tool", "suppression"},
	Summary:   "A synclint:ignore directive is malformed, names no known rule, gives no reason, or no longer matches any finding.",
	Doc: `synclint findings can be suppressed where they are located, with an XML
comment in the metadata file:

    <!-- synclint:ignore PV11 Integration user is exempt through the permission set -->

or with a token in the description of a validation rule or field, which
survives a retrieve from the org (XML comments do not: the org does not store
them):

    <description>Only for users. [synclint:ignore PV11 bypassed by the HubSpot_Integration permission set]</description>

A directive names one or more rule IDs (comma-separated) and a reason. It is
reported here, and does not suppress anything, when:

- it has no reason (why the finding does not apply must be written down);
- it names no rule, or a rule ID that is not in the catalog;
- it does not follow the syntax ` + "`synclint:ignore RULE[,RULE] reason`" + `;
- it matched no finding of a rule that ran: the problem was fixed, or the
  directive is in the wrong place, and the stale directive would silently hide
  a future problem.

Directives for rules that did not run (--rules, --disable) are not reported as
unused. See docs/suppression.md for where a directive applies.`,
	Fix: "Give the directive a rule ID and a reason, or remove it when it no longer matches anything.",
})
