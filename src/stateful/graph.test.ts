import { describe, expect, it } from 'vitest';
import { loadContract } from '../contract/load';
import type { Operation } from '../contract/types';
import { familiesOfOperation, familyCreatedBy, resourceGraph } from './graph';

const contract = await loadContract('openapi.yaml');
const graph = resourceGraph(contract.operations, contract.document);
const op = (id: string) => contract.operations.find((o) => o.operationId === id)!;
const ids = (ops: Array<Operation | undefined>) => ops.map((o) => o?.operationId);

describe('resourceGraph', () => {
  it('finds one family per create operation that has an item path', () => {
    expect(graph.families.map((f) => f.name)).toEqual([
      'agent', 'secret', 'rule', 'project', 'blocklist entry', 'org secret', 'org rule', 'org blocklist entry',
      'partner org', 'partner project', 'partner secret', 'partner member', 'agent secret', 'partner budget',
    ]);
  });

  it.each([
    ['createAgent', 'agentId', undefined, 'listAgents', ['renameAgent'], 'deleteAgent', []],
    ['createRule', 'ruleId', 'getRule', 'listRules', ['updateRule'], 'deleteRule', []],
    ['addBlocklistEntry', 'ruleId', undefined, 'getBlocklist', ['toggleBlocklistRule'], 'removeBlocklistRule', ['provider']],
    ['createPartnerOrg', 'orgId', 'getPartnerOrg', 'listPartnerOrgs', [], 'deletePartnerOrg', []],
    ['createPartnerProject', 'projectId', undefined, 'listPartnerProjects', [], 'deletePartnerProject', ['orgId']],
    // PATCH /partner/members/{userId}/role: its body (role) is what the list shows
    ['addPartnerMember', 'userId', undefined, 'listPartnerMembers', ['changePartnerMemberRole'], 'removePartnerMember', []],
  ])('%s: param %s, get %s, list %s, updates %j, delete %s, parents %j', (create, param, get, list, updates, del, parents) => {
    const f = familyCreatedBy(graph, op(create))!;
    expect(f).toBeDefined();
    expect({ param: f.param, get: f.get?.operationId, list: f.list?.operationId, updates: ids(f.updates), delete: f.delete?.operationId, parents: f.parents })
      .toEqual({ param, get, list, updates, delete: del, parents });
  });

  it('leaves sub-resource updates the read does not show out of the created families (secret mode, assignments)', () => {
    expect(familiesOfOperation(graph, op('updateAgentSecretMode'))).toEqual([]);
    expect(familiesOfOperation(graph, op('renameAgent')).map((f) => f.name)).toEqual(['agent']);
  });

  it('models a sub-resource set on a created resource and named by it: the partner budget on a partner secret', () => {
    const f = familyCreatedBy(graph, op('setPartnerOrgBudget'))!;
    expect({ identity: f.identity, param: f.param, idFields: f.idFields, parents: f.parents, get: f.get?.operationId, list: f.list?.operationId, updates: ids(f.updates), delete: f.delete?.operationId })
      .toEqual({ identity: 'parent', param: 'secretId', idFields: ['secretId'], parents: ['orgId'], get: undefined, list: 'listPartnerOrgBudgets', updates: ['setPartnerOrgBudget'], delete: 'clearPartnerOrgBudget' });
    expect(familiesOfOperation(graph, op('clearPartnerOrgBudget')).map((x) => x.name)).toEqual(['partner budget']);
  });

  it('models ids assigned to a created resource as members: the secrets of an agent', () => {
    const f = familyCreatedBy(graph, op('updateAgentSecrets'))!;
    expect({ identity: f.identity, param: f.param, parents: f.parents, list: f.list?.operationId, delete: f.delete?.operationId, field: f.members?.field, of: f.members?.of.name })
      .toEqual({ identity: 'members', param: 'secretId', parents: ['agentId'], list: 'getAgentSecrets', delete: 'updateAgentSecrets', field: 'secretIds', of: 'secret' });
    expect(familiesOfOperation(graph, op('getAgentSecrets')).map((x) => x.name)).toEqual(['agent secret']);
  });

  it('leaves out what is set on catalogue entries or has no clear nor read-back (app config, connections, set-default)', () => {
    for (const id of ['upsertAppConfig', 'upsertOrgAppConfig', 'updateAgentConnections', 'setDefaultAgent', 'regenerateAgentToken', 'reissuePartnerClaimLink']) {
      expect(familyCreatedBy(graph, op(id)), id).toBeUndefined();
    }
  });

  it('links producers to every consumer of their id, and catalogues to their lists', () => {
    const from = (producer: string) => graph.edges.filter((e) => e.producer.operationId === producer).map((e) => `${e.consumer.operationId}.${e.param}`);
    expect(from('createPartnerSecret')).toEqual([
      'updatePartnerSecret.secretId', 'deletePartnerSecret.secretId', 'setPartnerOrgBudget.secretId', 'clearPartnerOrgBudget.secretId',
    ]);
    expect(graph.edges.find((e) => e.consumer.operationId === 'getApp')).toMatchObject({ producer: op('listApps'), param: 'provider', via: 'list', fields: ['id'] });
    expect(graph.edges.find((e) => e.consumer.operationId === 'getPartnerOrg')).toMatchObject({ via: 'create', fields: ['orgId', 'id', 'organizationId'] });
  });

  it('takes declared OpenAPI links over inferred edges', () => {
    const document = structuredClone(contract.document);
    document.paths['/agents'].post.responses['201'].links = {
      rename: { operationId: 'renameAgent', parameters: { agentId: '$response.body#/identifier' } },
    };
    const linked = resourceGraph(contract.operations, document);
    const edges = linked.edges.filter((e) => e.consumer.operationId === 'renameAgent' && e.param === 'agentId');
    expect(edges).toHaveLength(1);
    expect(edges[0]).toMatchObject({ producer: op('createAgent'), fields: ['identifier'], via: 'link' });
  });
});
