/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html */
import type { CreatePolicyRequest, CreatePolicyResponse } from '../../gen/iam.js'
import { policySize } from '../../iam/policy.js'
import type { Handler } from '../types.js'
import { change, MANAGED_POLICY_SIZE, normalizePath, validateDocument } from './domain.js'
import { policyAlreadyExists, quota } from './errors.js'
import { newId, type PolicyRow } from './store.js'
import { policyView } from './views.js'

export const CreatePolicy: Handler<CreatePolicyRequest, CreatePolicyResponse> = (input, ctx) => {
  validateDocument(input.PolicyDocument, 'identity')
  if (policySize(input.PolicyDocument) > MANAGED_POLICY_SIZE)
    throw quota('PolicySize', MANAGED_POLICY_SIZE)
  return change(ctx, (a, store) => {
    const path = normalizePath(input.Path)
    const arn = `arn:aws:iam::${ctx.account}:policy${path}${input.PolicyName}`
    if (
      [...a.policies.values()].some((p) => p.name.toLowerCase() === input.PolicyName.toLowerCase())
    ) {
      throw policyAlreadyExists(input.PolicyName)
    }
    const now = ctx.now()
    const row: PolicyRow = {
      arn,
      name: input.PolicyName,
      path,
      id: newId('ANPA'),
      createDate: now,
      updateDate: now,
      tags: input.Tags ?? [],
      defaultVersion: 'v1',
      versions: [{ id: 'v1', document: input.PolicyDocument, createDate: now }],
      nextVersion: 2,
      ...(input.Description !== undefined ? { description: input.Description } : {}),
    }
    store.put(ctx.account, 'policy', arn, row)
    const { Description: _omitted, ...view } = policyView(a, { ...row, isAws: false, row })
    return { Policy: view }
  })
}
