/* Keeps invoices consistent. */
trigger InvoiceTrigger on Invoice__c (before insert, before update,
        after insert) {
    for (Invoice__c inv : Trigger.new) {
        if (inv.Amount__c == null) {
            inv.Amount__c.addError('Amount required');
        }
    }
}
