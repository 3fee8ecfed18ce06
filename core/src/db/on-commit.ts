import type { EntityManager, EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';

/** Work that must wait until a transaction's changes are visible: send an event, kick a relay. */
export type AfterCommit = () => unknown;

type EventManager = ReturnType<EntityManager['getEventManager']>;

const pending = new WeakMap<EntityManager, AfterCommit[]>();
// By the ORM's configuration, which every fork shares (a transaction works on a clone of the event manager).
const reporters = new WeakMap<object, (error: unknown) => void>();
const installed = new WeakSet<EventManager>();

// Not silent while nobody configured a reporter (scripts, tests): Node prints warnings to stderr.
const warn = (error: unknown) => process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'AfterCommitFailure');

/**
 * Runs a transaction's after-commit work, in the order it was declared, once the transaction
 * committed; a rollback drops it. Each piece runs even if an earlier one failed: the commit
 * already happened and cannot be undone, so failures are reported, not thrown.
 */
const runner: EventSubscriber = {
  async afterTransactionCommit(args: TransactionEventArgs) {
    const hooks = pending.get(args.em);
    if (hooks === undefined) return;
    pending.delete(args.em);
    const report = reporters.get(args.em.config) ?? warn;
    for (const hook of hooks) {
      try {
        await hook();
      } catch (error) {
        report(error);
      }
    }
  },
  afterTransactionRollback(args: TransactionEventArgs) {
    pending.delete(args.em);
  },
};

/**
 * Declares `fn` to run after `tx` commits (never if it rolls back). `tx` is the EntityManager an
 * `em.transactional(async (tx) => …)` callback receives. A nested transaction (savepoint) is
 * refused: its commit is not the one that makes the change visible.
 */
export function onCommit(tx: EntityManager, fn: AfterCommit): void {
  const context: object | undefined = tx.getTransactionContext();
  if (context === undefined) throw new Error('onCommit needs a transaction: call it inside em.transactional(async (tx) => …)');
  if ('savepointName' in context) throw new Error('onCommit needs the outermost transaction, not a nested one');
  // The transaction's own (cloned) event manager: registering there touches no other transaction.
  const events = tx.getEventManager();
  if (!installed.has(events)) {
    events.registerSubscriber(runner);
    installed.add(events);
  }
  const hooks = pending.get(tx);
  if (hooks === undefined) pending.set(tx, [fn]);
  else hooks.push(fn);
}

/** Where failures of after-commit work go for this ORM's transactions (the server's logger). */
export function reportAfterCommitFailures(em: EntityManager, report: (error: unknown) => void): void {
  reporters.set(em.config, report);
}
