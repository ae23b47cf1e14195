import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { INSTITUTIONS } from '../../../src/connect/institutions/data.ts';
import {
  findByRoutingNumber,
  findInstitution,
  isValidRoutingNumber,
  listInstitutions,
  toFlinksInstitution,
  toFlinksRoutingInstitution,
} from '../../../src/connect/institutions/catalog.ts';

describe('institutions dataset', () => {
  it('has unique ids', () => {
    const ids = INSTITUTIONS.map((i) => i.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.ok(Number.isInteger(id) && id > 0, `bad id ${id}`);
  });

  it('has unique codes, ignoring case and accents', () => {
    const codes = INSTITUTIONS.map((i) => i.code.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
    assert.equal(new Set(codes).size, codes.length);
    for (const i of INSTITUTIONS) assert.match(i.code, /^[A-Za-z][A-Za-z0-9]*$/, `code ${i.code}`);
  });

  it('gives each routing number to one institution only, and each passes the ABA checksum', () => {
    const all = INSTITUTIONS.flatMap((i) => i.routingNumbers);
    assert.equal(new Set(all).size, all.length);
    for (const rn of all) assert.ok(isValidRoutingNumber(rn), `routing number ${rn} fails the checksum`);
  });

  it('keeps country-specific identifiers consistent', () => {
    for (const i of INSTITUTIONS) {
      if (i.country === 'CA') {
        assert.equal(i.routingNumbers.length, 0, i.code);
        if (i.institutionNumber !== null) assert.match(i.institutionNumber, /^\d{3}$/, i.code);
      } else {
        assert.equal(i.institutionNumber, null, i.code);
        assert.ok(i.routingNumbers.length > 0, i.code);
      }
      for (const lang of ['en', 'fr'] as const) {
        assert.ok(i.names[lang].length > 0, `${i.code} name ${lang}`);
        assert.match(i.urls[lang], /^https:\/\//, `${i.code} url ${lang}`);
      }
    }
  });

  it('holds the institutions a Flinks client names, with their real numbers', () => {
    const expected: Record<string, string> = {
      ATB: '219', BMO: '001', CIBC: '010', CoastCapital: '809', Desjardins: '815', EQBank: '623',
      FlinksCapital: '777', HSBC: '016', Laurentienne: '039', Meridian: '837', National: '006',
      PC: '320', RBC: '003', Scotia: '002', Simplii: '010', TD: '004', Tangerine: '614', Vancity: '809',
    };
    for (const [code, number] of Object.entries(expected)) {
      const inst = findInstitution(code);
      assert.ok(inst, `missing ${code}`);
      assert.equal(inst.code, code);
      assert.equal(inst.country, 'CA');
      assert.equal(inst.institutionNumber, number, code);
    }
    assert.ok(INSTITUTIONS.filter((i) => i.country === 'CA').length >= 60);
    assert.ok(INSTITUTIONS.filter((i) => i.country === 'US').length >= 20);
  });

  it('has Flinks Capital as sandbox institution 14 and BMO as 1', () => {
    const fc = findInstitution(14)!;
    assert.equal(fc.code, 'FlinksCapital');
    assert.equal(fc.institutionNumber, '777');
    assert.equal(fc.sandbox, true);
    assert.equal(fc.urls.en, 'https://www.flinks.com');
    assert.equal(findInstitution(1)?.code, 'BMO');
    assert.equal(INSTITUTIONS.filter((i) => i.sandbox).length, 1);
  });

  it('has at least one disabled institution for the DISABLED_INSTITUTION path', () => {
    const disabled = INSTITUTIONS.filter((i) => i.status === 'Disabled');
    assert.ok(disabled.length >= 1);
    assert.ok(disabled.every((i) => !i.sandbox));
  });

  it('is frozen', () => {
    const bmo = findInstitution('BMO')!;
    assert.throws(() => {
      (bmo as { code: string }).code = 'X';
    }, TypeError);
    assert.throws(() => {
      (findInstitution(20)!.routingNumbers as string[]).push('1');
    }, TypeError);
  });
});

describe('listInstitutions', () => {
  it('orders by id and hides sandbox institutions unless asked', () => {
    const live = listInstitutions({ includeSandbox: false });
    const all = listInstitutions({ includeSandbox: true });
    assert.equal(all.length, INSTITUTIONS.length);
    assert.equal(live.length, all.length - 1);
    assert.ok(!live.some((i) => i.code === 'FlinksCapital'));
    assert.ok(all.some((i) => i.code === 'FlinksCapital'));
    for (let k = 1; k < all.length; k++) assert.ok(all[k - 1]!.id < all[k]!.id);
    assert.equal(all[0]!.code, 'BMO');
  });

  it('returns a fresh array each time', () => {
    const a = listInstitutions({ includeSandbox: true });
    a.length = 0;
    assert.ok(listInstitutions({ includeSandbox: true }).length > 0);
  });
});

describe('findInstitution', () => {
  it('matches codes ignoring case and accents', () => {
    assert.equal(findInstitution('rbc')?.id, 2);
    assert.equal(findInstitution('FLINKSCAPITAL')?.id, 14);
    assert.equal(findInstitution('Laurentiénne')?.code, 'Laurentienne');
    assert.equal(findInstitution('  Desjardins ')?.code, 'Desjardins');
  });

  it('matches numeric ids given as numbers or digit strings', () => {
    assert.equal(findInstitution(14)?.code, 'FlinksCapital');
    assert.equal(findInstitution('14')?.code, 'FlinksCapital');
    assert.equal(findInstitution(20)?.code, 'Chase');
  });

  it('does not match institution numbers, names or unknown values', () => {
    // digits are always read as an id: '003' is id 3 (TD), not institution number 003 (RBC)
    assert.equal(findInstitution('003')?.code, 'TD');
    assert.equal(findInstitution('777'), undefined);
    assert.equal(findInstitution('Royal Bank'), undefined);
    assert.equal(findInstitution('NoSuchBank'), undefined);
    assert.equal(findInstitution(''), undefined);
    assert.equal(findInstitution(1.5), undefined);
    assert.equal(findInstitution(99999), undefined);
  });
});

describe('routing numbers', () => {
  it('implements the 3-7-1 checksum', () => {
    assert.equal(isValidRoutingNumber('021000021'), true);
    assert.equal(isValidRoutingNumber('011000015'), true); // Federal Reserve Bank of Boston
    assert.equal(isValidRoutingNumber('021000022'), false);
    assert.equal(isValidRoutingNumber('322271622'), false);
    assert.equal(isValidRoutingNumber('02100002'), false);
    assert.equal(isValidRoutingNumber('0210000210'), false);
    assert.equal(isValidRoutingNumber('02100002a'), false);
    assert.equal(isValidRoutingNumber(''), false);
  });

  it('finds Chase by 021000021 and its other state numbers', () => {
    for (const rn of ['021000021', '071000013', '044000037', '322271627', '111000614', '071000770']) {
      const inst = findByRoutingNumber(rn);
      assert.equal(inst?.id, 20, rn);
      assert.equal(inst?.code, 'Chase');
    }
    assert.equal(findByRoutingNumber(' 021000021 ')?.id, 20);
  });

  it('finds the other major US banks', () => {
    const expected: Record<string, string> = {
      '026009593': 'BankOfAmerica', '121000358': 'BankOfAmerica', '011000138': 'BankOfAmerica',
      '121000248': 'WellsFargo', '091000019': 'WellsFargo', '021000089': 'Citibank', '322271724': 'Citibank',
      '091000022': 'USBank', '043000096': 'PNC', '051405515': 'CapitalOne', '031101266': 'TDBankUS',
      '061000104': 'Truist', '042000314': 'FifthThird', '011500120': 'Citizens', '041001039': 'KeyBank',
      '062000019': 'Regions', '021001088': 'HSBCUSA', '071000288': 'BMOHarris', '044000024': 'Huntington',
      '124003116': 'Ally',
    };
    for (const [rn, code] of Object.entries(expected)) {
      const inst = findByRoutingNumber(rn);
      assert.equal(inst?.code, code, rn);
      assert.equal(inst?.country, 'US');
    }
  });

  it('answers undefined for unknown numbers (the 404 example of the docs page)', () => {
    assert.equal(findByRoutingNumber('322271622'), undefined);
    assert.equal(findByRoutingNumber('000000000'), undefined);
    assert.equal(findByRoutingNumber('abc'), undefined);
  });
});

describe('Flinks wire shapes', () => {
  it('renders a Canadian institution with fr then en localizations, in Flinks field order', () => {
    const wire = toFlinksInstitution(findInstitution('BMO')!);
    assert.deepEqual(wire, {
      Id: 1,
      Localizations: [
        { Language: 'fr', Name: 'BMO', Urls: [{ Type: 'Main', Url: 'https://www.bmo.com/principal/particuliers' }] },
        { Language: 'en', Name: 'BMO', Urls: [{ Type: 'Main', Url: 'https://www.bmo.com/main/personal' }] },
      ],
      Status: 'Enabled',
      Country: 'CA',
    });
    assert.deepEqual(Object.keys(wire), ['Id', 'Localizations', 'Status', 'Country']);
    assert.deepEqual(Object.keys(wire.Localizations[0]!), ['Language', 'Name', 'Urls']);
    assert.ok(!('RoutingNumbers' in wire));
  });

  it('uses the localized names', () => {
    const wire = toFlinksInstitution(findInstitution('Laurentienne')!);
    assert.equal(wire.Localizations.find((l) => l.Language === 'fr')?.Name, 'Banque Laurentienne');
    assert.equal(wire.Localizations.find((l) => l.Language === 'en')?.Name, 'Laurentian Bank');
  });

  it('shows the status of a disabled institution', () => {
    const disabled = listInstitutions({ includeSandbox: false }).find((i) => i.status === 'Disabled')!;
    assert.equal(toFlinksInstitution(disabled).Status, 'Disabled');
  });

  it('renders the routing-number answer like the Flinks example', () => {
    const wire = toFlinksRoutingInstitution(findByRoutingNumber('021000021')!);
    assert.deepEqual(Object.keys(wire), ['Id', 'Localizations', 'Status', 'Country', 'RoutingNumbers']);
    assert.equal(wire.Id, 20);
    assert.deepEqual(wire.Localizations, [
      { Language: 'en', Name: 'Chase Bank', Urls: [{ Type: 'Main', Url: 'https://www.chase.com/' }] },
    ]);
    assert.equal(wire.Status, 'Enabled');
    assert.equal(wire.Country, 'US');
    assert.ok(wire.RoutingNumbers.includes('021000021'));
    assert.ok(wire.RoutingNumbers.includes('071000770'));
    // a copy: altering the answer does not alter the catalogue
    wire.RoutingNumbers.push('x');
    assert.ok(!findInstitution(20)!.routingNumbers.includes('x'));
  });

  it('serialises to JSON as Flinks sends it', () => {
    const json = JSON.stringify(toFlinksInstitution(findInstitution(14)!));
    assert.equal(
      json,
      '{"Id":14,"Localizations":[{"Language":"fr","Name":"Flinks Capital","Urls":[{"Type":"Main","Url":"https://www.flinks.com"}]},' +
        '{"Language":"en","Name":"Flinks Capital","Urls":[{"Type":"Main","Url":"https://www.flinks.com"}]}],"Status":"Enabled","Country":"CA"}',
    );
  });
});
