/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicyVersions.html */
import type { ListPolicyVersionsRequest, ListPolicyVersionsResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, checkPolicyArn, page } from './domain.js'
import { noSuchPolicy } from './errors.js'
import { AWS_MANAGED, AWS_MANAGED_CREATED } from './managed-policies.js'
import { versionView } from './views.js'

export const ListPolicyVersions: Handler<ListPolicyVersionsRequest, ListPolicyVersionsResponse> = (
  input,
  ctx,
) => {
  checkPolicyArn(input.PolicyArn)
  const aws = AWS_MANAGED.get(input.PolicyArn)
  if (aws) {
    const v = { id: aws.version, document: aws.document, createDate: AWS_MANAGED_CREATED }
    return { Versions: [versionView(v, aws.version, false)], IsTruncated: false }
  }
  const p = accountOf(ctx).policies.get(input.PolicyArn)
  if (!p) throw noSuchPolicy(input.PolicyArn)
  const versions = [...p.versions].reverse().map((v) => versionView(v, p.defaultVersion, false))
  const { items, ...rest } = page(versions, input.Marker, input.MaxItems)
  return { Versions: items, ...rest }
}
