/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html */
import type { CreatePolicyVersionRequest, CreatePolicyVersionResponse } from '../../gen/iam.js'
import { policySize } from '../../iam/policy.js'
import type { Handler } from '../types.js'
import { change, checkPolicyArn, MANAGED_POLICY_SIZE, validateDocument } from './domain.js'
import { limitExceeded, noSuchPolicy, quota, unmodifiable } from './errors.js'
import { AWS_MANAGED } from './managed-policies.js'
import { versionView } from './views.js'

export const CreatePolicyVersion: Handler<
  CreatePolicyVersionRequest,
  CreatePolicyVersionResponse
> = (input, ctx) => {
  checkPolicyArn(input.PolicyArn)
  if (AWS_MANAGED.has(input.PolicyArn))
    throw unmodifiable(`Cannot modify AWS managed policy ${input.PolicyArn}.`)
  validateDocument(input.PolicyDocument, 'identity')
  if (policySize(input.PolicyDocument) > MANAGED_POLICY_SIZE)
    throw quota('PolicySize', MANAGED_POLICY_SIZE)
  return change(ctx, (a, store) => {
    const p = a.policies.get(input.PolicyArn)
    if (!p) throw noSuchPolicy(input.PolicyArn)
    if (p.versions.length >= 5) {
      throw limitExceeded(
        'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
      )
    }
    const now = ctx.now()
    const version = { id: `v${p.nextVersion}`, document: input.PolicyDocument, createDate: now }
    const row = {
      ...p,
      versions: [...p.versions, version],
      nextVersion: p.nextVersion + 1,
      defaultVersion: input.SetAsDefault ? version.id : p.defaultVersion,
      updateDate: now,
    }
    store.put(ctx.account, 'policy', p.arn, row)
    return { PolicyVersion: versionView(version, row.defaultVersion, false) }
  })
}
