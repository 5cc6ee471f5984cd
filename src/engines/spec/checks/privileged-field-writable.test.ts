import { testSpecCheck } from '../../../../test/harness/spec.js';
import check from './privileged-field-writable.js';

const body = (props: Record<string, unknown>) => ({ requestBody: { content: { 'application/json': { schema: { type: 'object', properties: props } } } }, responses: { '200': { description: 'ok' } } });
testSpecCheck(check, {
  valid: [
    { name: 'ordinary fields', spec: { paths: { '/me': { patch: body({ displayName: { type: 'string' } }) } } } },
    { name: 'role set by an admin operation', spec: { paths: { '/admin/users/{id}': { put: body({ role: { type: 'string' } }) } } } },
    { name: 'read-only role', spec: { paths: { '/me': { patch: body({ role: { type: 'string', readOnly: true } }) } } } },
    { name: 'owner on create is not reported', spec: { paths: { '/documents': { post: body({ ownerId: { type: 'string' } }) } } } },
  ],
  invalid: [
    { name: 'role on self-update', spec: { paths: { '/me': { patch: body({ role: { type: 'string' }, is_admin: { type: 'boolean' } }) } } }, expect: [
      { messageId: 'privileged', at: '/paths/~1me/patch/requestBody/content/application~1json/schema/properties/role' },
      { messageId: 'privileged', at: '/paths/~1me/patch/requestBody/content/application~1json/schema/properties/is_admin' },
    ] },
    { name: 'owner change on update', spec: { paths: { '/documents/{id}': { patch: { ...body({ ownerId: { type: 'string' } }), parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] } } } }, expect: [
      { messageId: 'privileged', at: '/paths/~1documents~1{id}/patch/requestBody/content/application~1json/schema/properties/ownerId' },
    ] },
  ],
});
