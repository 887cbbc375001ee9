// The business-hours editor's fields: on/off, the time zone (typed, with common zones offered),
// weekly ranges (several a day, overnight when the close is not after the open), closed dates
// and special days. It edits a draft; saving is the section's.
import { useState } from 'preact/hooks';
import { kMaxZoneName } from '../../shared/limits';
import type { BusinessHours } from '../api';
import { useT } from '../i18n';

interface Props {
  hours: BusinessHours;
  editable: boolean;
  onChange: (hours: BusinessHours) => void;
}

// Offered in the zone field; any IANA name the server knows is accepted.
const kCommonZones = [
  'Asia/Taipei',
  'Asia/Hong_Kong',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Singapore',
  'Asia/Kuala_Lumpur',
  'Asia/Bangkok',
  'Asia/Ho_Chi_Minh',
  'Asia/Manila',
  'Asia/Jakarta',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Australia/Sydney',
  'Pacific/Auckland',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'UTC',
];

const kNewRange = { open: '09:00', close: '18:00' };
// Monday to Sunday, as most weeks are read.
const kDayOrder = [1, 2, 3, 4, 5, 6, 0];

const replaceAt = <T,>(list: T[], index: number, item: T): T[] => list.map((old, i) => (i === index ? item : old));
const removeAt = <T,>(list: T[], index: number): T[] => list.filter((_, i) => i !== index);
const value = (e: Event) => (e.target as HTMLInputElement).value;

interface RangeProps<R extends { open: string; close: string }> {
  range: R;
  testid: string; // `${testid}-open-${index}`, `-close-`, `-remove-`
  index: number;
  editable: boolean;
  onChange: (range: R) => void;
  onRemove: () => void;
}

// One opening's two times (a close not after the open runs overnight) and its remove button, for
// a weekly range and a special day alike.
function RangeTimes<R extends { open: string; close: string }>(props: RangeProps<R>) {
  const { range, testid, index, editable, onChange, onRemove } = props;
  const { t } = useT();
  const time = (field: 'open' | 'close', label: string) => (
    <input
      type="time"
      aria-label={label}
      data-testid={`${testid}-${field}-${index}`}
      required
      disabled={!editable}
      value={range[field]}
      onInput={(e) => onChange({ ...range, [field]: value(e) })}
    />
  );
  return (
    <>
      {time('open', t.opens)}
      <span aria-hidden="true">–</span>
      {time('close', t.closes)}
      {range.close <= range.open && <span class="tag">{t.overnight}</span>}
      {editable && (
        <button type="button" class="ghost" data-testid={`${testid}-remove-${index}`} onClick={onRemove}>
          {t.remove}
        </button>
      )}
    </>
  );
}

export function BusinessHoursFields({ hours, editable, onChange }: Props) {
  const { t } = useT();
  const [newDate, setNewDate] = useState('');
  const set = (patch: Partial<BusinessHours>) => onChange({ ...hours, ...patch });
  // The next day after the last range's, so filling in a week is a click per day.
  const nextDay = () => {
    const last = hours.weekly[hours.weekly.length - 1];
    return last ? kDayOrder[(kDayOrder.indexOf(last.day) + 1) % 7] : 1;
  };
  const addClosedDate = () => {
    if (!newDate || hours.closed_dates.includes(newDate)) return;
    set({ closed_dates: [...hours.closed_dates, newDate].sort() });
    setNewDate('');
  };

  return (
    <>
      <label class="check">
        <input
          type="checkbox"
          data-testid="business-hours-enabled"
          disabled={!editable}
          checked={hours.enabled}
          onChange={(e) => set({ enabled: (e.target as HTMLInputElement).checked })}
        />
        <span>{t.hoursEnabled}</span>
      </label>
      <label>
        {t.timezone}
        <input
          class="zone"
          data-testid="business-hours-timezone"
          list="baton-time-zones"
          required
          maxLength={kMaxZoneName}
          disabled={!editable}
          value={hours.timezone}
          onInput={(e) => set({ timezone: value(e) })}
        />
        <datalist id="baton-time-zones">
          {kCommonZones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
      </label>

      <fieldset class="hours" data-testid="business-hours-weekly">
        <legend>{t.weeklyHours}</legend>
        {hours.weekly.length === 0 && <p class="hint">{t.noRanges}</p>}
        {hours.weekly.map((range, i) => (
          <div class="hours-row" key={i} data-testid="business-hours-range">
            <select
              aria-label={t.weekdays[range.day]}
              data-testid={`business-hours-day-${i}`}
              disabled={!editable}
              value={range.day}
              onChange={(e) => set({ weekly: replaceAt(hours.weekly, i, { ...range, day: Number(value(e)) }) })}
            >
              {kDayOrder.map((day) => (
                <option key={day} value={day}>
                  {t.weekdays[day]}
                </option>
              ))}
            </select>
            <RangeTimes
              range={range}
              testid="business-hours"
              index={i}
              editable={editable}
              onChange={(changed) => set({ weekly: replaceAt(hours.weekly, i, changed) })}
              onRemove={() => set({ weekly: removeAt(hours.weekly, i) })}
            />
          </div>
        ))}
        {editable && (
          <button
            type="button"
            class="secondary add"
            data-testid="business-hours-add"
            onClick={() => set({ weekly: [...hours.weekly, { day: nextDay(), ...kNewRange }] })}
          >
            {t.addRange}
          </button>
        )}
      </fieldset>

      <fieldset class="hours" data-testid="business-hours-closed">
        <legend>{t.closedDates}</legend>
        {hours.closed_dates.length === 0 && <p class="hint">{t.noRanges}</p>}
        {hours.closed_dates.map((date, i) => (
          <div class="hours-row" key={date} data-testid={`business-hours-closed-${i}`}>
            <span>{date}</span>
            {editable && (
              <button
                type="button"
                class="ghost"
                data-testid={`business-hours-closed-remove-${i}`}
                onClick={() => set({ closed_dates: removeAt(hours.closed_dates, i) })}
              >
                {t.remove}
              </button>
            )}
          </div>
        ))}
        {editable && (
          <div class="hours-row">
            <input
              type="date"
              aria-label={t.date}
              data-testid="business-hours-closed-date"
              value={newDate}
              onInput={(e) => setNewDate(value(e))}
            />
            <button
              type="button"
              class="secondary"
              data-testid="business-hours-closed-add"
              disabled={!newDate}
              onClick={addClosedDate}
            >
              {t.addDate}
            </button>
          </div>
        )}
      </fieldset>

      <fieldset class="hours" data-testid="business-hours-special">
        <legend>{t.specialDays}</legend>
        {hours.special.length === 0 && <p class="hint">{t.noRanges}</p>}
        {hours.special.map((day, i) => (
          <div class="hours-row" key={i}>
            <input
              type="date"
              aria-label={t.date}
              data-testid={`business-hours-special-date-${i}`}
              required
              disabled={!editable}
              value={day.date}
              onInput={(e) => set({ special: replaceAt(hours.special, i, { ...day, date: value(e) }) })}
            />
            <RangeTimes
              range={day}
              testid="business-hours-special"
              index={i}
              editable={editable}
              onChange={(changed) => set({ special: replaceAt(hours.special, i, changed) })}
              onRemove={() => set({ special: removeAt(hours.special, i) })}
            />
          </div>
        ))}
        {editable && (
          <button
            type="button"
            class="secondary add"
            data-testid="business-hours-special-add"
            onClick={() => set({ special: [...hours.special, { date: '', ...kNewRange }] })}
          >
            {t.addSpecialDay}
          </button>
        )}
      </fieldset>
    </>
  );
}
