/**
 * The defaults of `MIRAI_TENANT_JOB_LIMIT` and `MIRAI_TENANT_JOB_RESERVE`, written once for the
 * configuration table and for an `OutboxRelay` built without them (tests, benches).
 */

/** One tenant can keep a worker of the default concurrency (4) busy. */
export const DEFAULT_TENANT_JOB_LIMIT = 4;

/**
 * One idle slot is kept from borrowers: a tenant whose first job arrives while another borrows
 * starts it at once rather than after a borrowed job ends (lessons take seconds to minutes).
 */
export const BORROW_RESERVE = 1;
