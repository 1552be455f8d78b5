/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicies.html */
import type { ListPoliciesRequest, ListPoliciesResponse } from '../../gen/iam.js'
import type { Handler } from '../types.js'
import { accountOf, attachmentsOf, findManaged, page } from './domain.js'
import { AWS_MANAGED } from './managed-policies.js'
import { policyView } from './views.js'

export const ListPolicies: Handler<ListPoliciesRequest, ListPoliciesResponse> = (input, ctx) => {
  const a = accountOf(ctx)
  const scope = input.Scope ?? 'All'
  const arns = [
    ...(scope === 'Local' ? [] : [...AWS_MANAGED.keys()]),
    ...(scope === 'AWS' ? [] : [...a.policies.keys()]),
  ]
  const views = arns.flatMap((arn) => {
    const p = findManaged(a, arn)
    if (!p || (input.PathPrefix && !p.path.startsWith(input.PathPrefix))) return []
    if (input.OnlyAttached) {
      const { users, groups, roles } = attachmentsOf(a, arn)
      if (users.length + groups.length + roles.length === 0) return []
    }
    const { Description: _omitted, ...view } = policyView(a, p)
    return [view]
  })
  const { items, ...rest } = page(views, input.Marker, input.MaxItems)
  return { Policies: items, ...rest }
}
