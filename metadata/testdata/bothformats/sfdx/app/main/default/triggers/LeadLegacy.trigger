trigger LeadLegacy on Lead (before insert) {
    // retired
}
