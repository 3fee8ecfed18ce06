import type { CourseBrief, SourceChunk } from '@mirai/sdk-plugin';

/** A small, realistic SME document the tests ground generation in. */
export const manualHandlingSources: SourceChunk[] = [
  {
    id: 'src-1',
    smeName: 'Dr Priya Shah',
    documentTitle: 'Manual handling at work: a field guide',
    text: `# Manual handling at work

## What manual handling means

**Manual handling** is any activity that involves lifting, carrying, pushing, pulling or lowering a load by hand or by bodily force.
It covers far more than heavy boxes: moving a patient, stacking shelves and pushing a trolley all count.
Most people handle loads every day without thinking about it, which is exactly why poor habits go unnoticed.

## Why injuries happen

A **musculoskeletal disorder** is an injury or pain in the joints, muscles, ligaments or back.
Musculoskeletal disorders are the most common work-related illness, and the lower back is hurt most often.
Injuries rarely come from a single lift. Repeated twisting, stooping and reaching slowly strain the spine until it fails.
Fatigue matters too: a load that feels light at 9 am can be risky at the end of a long shift.

## Assessing the risk with TILE

A **risk assessment** is a careful examination of what in your work could cause harm to people.
TILE stands for Task, Individual, Load and Environment, the four things to check before any lift.

- **Task**: does the lift involve twisting, stooping, reaching or carrying over long distances?
- **Individual**: is the person strong enough, trained and free from an existing injury?
- **Load**: is the load heavy, bulky, unstable or hard to grip?
- **Environment**: are floors slippery, is the space cramped, is the lighting poor?

If any answer is yes, reduce the risk before you lift, for example by splitting the load or using a trolley.

## Safe lifting technique

Plan the lift before you touch the load: check the route, the weight and where the load will go.

1. Stand close to the load with your feet apart and one leg slightly forward.
2. Bend your knees and keep your back straight as you grip the load.
3. Keep the load close to your waist, with the heaviest side next to your body.
4. Lift smoothly with your legs and avoid twisting your back; turn by moving your feet.

A good handhold is a firm grip that lets you hold the load without straining your fingers or wrists.

## Team lifts and mechanical aids

A **team lift** is a lift shared by two or more people who move a load together on a spoken count.
For example, two people carrying a long table should agree who gives the count and which way they will turn.
Mechanical aids such as trolleys, sack trucks and hoists remove most of the strain from a task.
Always check that an aid is suitable for the load and that you are trained to use it.

## Reporting and review

A **near miss** is an event that could have caused an injury but did not.
Report every near miss and every strain to your supervisor on the same day, so the risk assessment can be updated.
Review your handling tasks whenever the load, the team or the workplace changes.
`,
  },
  {
    id: 'src-2',
    smeName: 'Marcus Lee',
    documentTitle: 'Warehouse induction notes',
    text: `## Warehouse rules

The safe working load is the maximum weight a piece of equipment is designed to carry.
Never exceed the safe working load printed on a trolley, pallet truck or shelf.
New starters shadow an experienced colleague for their first week before handling loads alone.
Wear safety boots with toe protection whenever you work on the warehouse floor.
`,
  },
];

export const manualHandlingCourse: CourseBrief = {
  title: 'Manual handling at work',
  desiredOutcome: 'Staff lift, carry and move loads safely, assess handling risks with TILE and report near misses.',
  language: 'en',
  audiences: [
    {
      name: 'New warehouse staff',
      role: 'Warehouse operative',
      level: 'beginner',
      priorKnowledge: 'No formal health and safety training',
      goals: 'avoid back injuries and pass the site induction',
    },
  ],
};
