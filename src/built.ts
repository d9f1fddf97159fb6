/**
 * How many of the run's costly parts were built in this process: the contract loaded, its schemas compiled,
 * connection pools opened, binders and ledgers made. A run builds each once (per target for pools and
 * ledgers); the run's last test reports these counts, and a self-test holds the engine to them.
 */
export const built = { contracts: 0, compilers: 0, pools: 0, binders: 0, ledgers: 0 };

export function countBuilt(part: keyof typeof built): void {
  built[part]++;
}
