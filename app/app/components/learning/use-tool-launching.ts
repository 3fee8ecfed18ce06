import { useFetcher } from '@remix-run/react';
import { useEffect, useState } from 'react';
import type { ToolLaunching } from '../lesson-blocks/types';

/** What the lesson route's action answers to `intent=lti-launch`. */
export type ToolLaunchResult = { intent: 'lti-launch'; blockId: string; loginUrl?: string; error?: string };

/** External-tool launches through the lesson route's action: one fresh, single-use launch per click. */
export function useToolLaunching(enrolmentId: string): ToolLaunching {
  const fetcher = useFetcher<ToolLaunchResult>();
  const [launches, setLaunches] = useState<ToolLaunching['launches']>({});
  useEffect(() => {
    const response = fetcher.data;
    if (response?.intent !== 'lti-launch') return;
    const { blockId, loginUrl, error } = response;
    setLaunches((current) => ({
      ...current,
      [blockId]: loginUrl === undefined ? { error: error ?? 'The activity could not be started.' } : { loginUrl },
    }));
  }, [fetcher.data]);
  const posted = fetcher.formData?.get('blockId');
  return {
    launches,
    launching: fetcher.state === 'idle' || typeof posted !== 'string' ? null : posted,
    onLaunch: (blockId) => fetcher.submit({ intent: 'lti-launch', enrolmentId, blockId }, { method: 'post' }),
  };
}
