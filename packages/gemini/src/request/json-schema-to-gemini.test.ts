import { describe, expect, it } from 'vitest';
import { toGeminiSchema } from './json-schema-to-gemini.js';

describe('toGeminiSchema', () => {
  const cases: Array<[string, unknown, unknown]> = [
    ['upper-cases primitive types', { type: 'string' }, { type: 'STRING' }],
    [
      'maps integer with a supported format',
      { type: 'integer', format: 'int64' },
      { type: 'INTEGER', format: 'int64' },
    ],
    ['drops unsupported formats', { type: 'string', format: 'email' }, { type: 'STRING' }],
    ['turns a null union into nullable', { type: ['string', 'null'] }, { type: 'STRING', nullable: true }],
    [
      'turns a multi-type union into anyOf',
      { type: ['string', 'number'] },
      { anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }] },
    ],
    ['turns const into a one-value enum', { const: 'yes' }, { type: 'STRING', enum: ['yes'] }],
    ['keeps string enums', { type: 'string', enum: ['a', 'b'] }, { type: 'STRING', enum: ['a', 'b'] }],
    [
      'describes non-string enums instead of sending them',
      { type: 'integer', enum: [1, 2], description: 'Level.' },
      { type: 'INTEGER', description: 'Level. One of: 1, 2.' },
    ],
    [
      'infers OBJECT from properties',
      { properties: { a: { type: 'boolean' } } },
      { type: 'OBJECT', properties: { a: { type: 'BOOLEAN' } } },
    ],
    [
      'infers ARRAY from items',
      { items: { type: 'number' }, minItems: 1 },
      { type: 'ARRAY', items: { type: 'NUMBER' }, minItems: 1 },
    ],
    [
      'keeps numeric bounds on numbers only',
      { type: 'number', minimum: 0, maximum: 5, minLength: 3 },
      { type: 'NUMBER', minimum: 0, maximum: 5 },
    ],
    [
      'keeps string bounds and pattern',
      { type: 'string', maxLength: 9, pattern: '^a' },
      { type: 'STRING', maxLength: 9, pattern: '^a' },
    ],
    ['rejects non-objects', 'string', undefined],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(toGeminiSchema(input)).toEqual(expected);
  });

  it('drops keywords Gemini rejects and keeps only required names that exist', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      properties: { city: { type: 'string', default: 'Paris', examples: ['Rome'] } },
      required: ['city', 'ghost'],
    };
    expect(toGeminiSchema(schema)).toEqual({
      type: 'OBJECT',
      properties: { city: { type: 'STRING' } },
      required: ['city'],
    });
  });

  it('inlines $ref from $defs and definitions, keeping sibling descriptions', () => {
    const schema = {
      type: 'object',
      properties: {
        home: { $ref: '#/$defs/place', description: 'Where I live' },
        work: { $ref: '#/definitions/place' },
      },
      $defs: { place: { type: 'object', properties: { city: { type: 'string' } } } },
      definitions: { place: { type: 'string' } },
    };
    expect(toGeminiSchema(schema)).toEqual({
      type: 'OBJECT',
      properties: {
        home: { type: 'OBJECT', description: 'Where I live', properties: { city: { type: 'STRING' } } },
        work: { type: 'STRING' },
      },
    });
  });

  it('cuts recursive $ref instead of looping', () => {
    const schema = {
      $defs: {
        node: { type: 'object', properties: { value: { type: 'string' }, next: { $ref: '#/$defs/node' } } },
      },
      $ref: '#/$defs/node',
    };
    const converted = toGeminiSchema(schema);
    expect(converted?.properties?.value).toEqual({ type: 'STRING' });
    expect(converted?.type).toBe('OBJECT');
    expect(converted?.properties?.next).toBeUndefined();
  });

  it('maps oneOf to anyOf and collapses a nullable single alternative', () => {
    expect(toGeminiSchema({ oneOf: [{ type: 'string' }, { type: 'integer' }] })).toEqual({
      anyOf: [{ type: 'STRING' }, { type: 'INTEGER' }],
    });
    expect(toGeminiSchema({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toEqual({
      type: 'STRING',
      nullable: true,
    });
  });

  it('merges allOf members into one object', () => {
    const schema = {
      allOf: [
        { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
        { properties: { b: { type: 'number' } }, required: ['b'] },
      ],
    };
    expect(toGeminiSchema(schema)).toEqual({
      type: 'OBJECT',
      properties: { a: { type: 'STRING' }, b: { type: 'NUMBER' } },
      required: ['a', 'b'],
    });
  });

  it('omits empty properties and unresolvable refs', () => {
    expect(toGeminiSchema({ type: 'object', properties: {} })).toEqual({ type: 'OBJECT' });
    expect(
      toGeminiSchema({ type: 'object', properties: { x: { $ref: 'http://elsewhere/schema' } } }),
    ).toEqual({ type: 'OBJECT' });
  });
});
