/** Resources addressed by ARN (tagging, resource policies): a stream or one of its consumers. */
import type { Ctx } from '../types.js'
import { resourceNotFound, tagLimit } from './errors.js'
import type { ConsumerRow, StreamRow } from './store.js'
import { stateOf } from './streams.js'

export interface Resource {
  stream: StreamRow
  consumer?: ConsumerRow
}

export const resolveArn = (ctx: Ctx, arn: string): Resource => {
  const st = stateOf(ctx)
  const cut = arn.indexOf('/consumer/')
  const stream = st.findStreamByArn(cut === -1 ? arn : arn.slice(0, cut))
  if (!stream || stream.account !== ctx.account) throw resourceNotFound(arn)
  if (cut === -1) return { stream }
  const consumer = stream.consumers.find((c) => c.arn === arn)
  if (!consumer) throw resourceNotFound(arn)
  return { stream, consumer }
}

export const MAX_TAGS = 50

export const tagsOf = (r: Resource): Record<string, string> => r.consumer?.tags ?? r.stream.tags

export const addTags = (ctx: Ctx, r: Resource, tags: Record<string, string>): void => {
  const target = tagsOf(r)
  const keys = new Set([...Object.keys(target), ...Object.keys(tags)])
  if (keys.size > MAX_TAGS) throw tagLimit(r.stream.name, ctx.account)
  Object.assign(target, tags)
  stateOf(ctx).save(r.stream)
}

export const removeTags = (ctx: Ctx, r: Resource, keys: string[]): void => {
  const target = tagsOf(r)
  for (const k of keys) delete target[k]
  stateOf(ctx).save(r.stream)
}

export const tagList = (tags: Record<string, string>) =>
  Object.keys(tags)
    .sort()
    .map((Key) => ({ Key, Value: tags[Key] }))
