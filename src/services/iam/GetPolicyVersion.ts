/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html */
import type { GetPolicyVersionRequest, GetPolicyVersionResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, checkPolicyArn } from './domain.js'
import { noSuchPolicyVersion } from './errors.js'
import { AWS_MANAGED, AWS_MANAGED_CREATED } from './managed-policies.js'
import { versionView } from './views.js'

export const GetPolicyVersion: Handler<GetPolicyVersionRequest, GetPolicyVersionResponse> = (
  input,
  ctx,
) => {
  checkPolicyArn(input.PolicyArn)
  const aws = AWS_MANAGED.get(input.PolicyArn)
  if (aws) {
    if (aws.version !== input.VersionId) throw noSuchPolicyVersion(input.PolicyArn, input.VersionId)
    const v = { id: aws.version, document: aws.document, createDate: AWS_MANAGED_CREATED }
    return { PolicyVersion: versionView(v, aws.version, true) }
  }
  const p = accountOf(ctx).policies.get(input.PolicyArn)
  const v = p?.versions.find((x) => x.id === input.VersionId)
  if (!p || !v) throw noSuchPolicyVersion(input.PolicyArn, input.VersionId)
  return { PolicyVersion: versionView(v, p.defaultVersion, true) }
}
