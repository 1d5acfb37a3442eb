"""Hand-written text bank for the demo events' discretion exercise and feedback (all invented).

Templates use the same ``[a|b|c]`` choices as :mod:`analysis.demo._event_text`. Exercise entries
carry the positions on the discretion scale that the comment argues for, so that views differ
plausibly between groups: length of support varies with the complexity of needs, where patients
are seen varies with home visits, safety and clinic rules, training is mandatory plus self-chosen,
and specialist or service-specific link workers have less discretion over referrals.
"""

from __future__ import annotations

# One entry per line reads best for a text bank.
# fmt: off
#: Discretion exercise comments per aspect: (theme, positions argued for, template).
EXERCISE_COMMENTS = {
    "length of support": (
        ("DISC-LENGTH", ("more", "much more"), "[depends on|varies with] complexity - [some need 2 sessions|a few weeks is enough for some], others [a year|many months]"),
        ("DISC-LENGTH", ("more",), "[12 week cap|session limit] [too rigid for|doesn't fit] [complex|multiple] needs - link worker should judge"),
        ("DISC-LENGTH", ("as now",), "[current|existing] [flexibility|review at 6 sessions] works ok [with supervision|if managers trust link workers]"),
        ("DISC-LENGTH", ("less", "as now"), "[some limit|a clear end point] [protects|helps] [both sides|link worker and patient] - [avoids dependency|prevents drift]"),
        ("DISC-LENGTH", ("much more",), "patients with [multiple|complex|several] problems [need|deserve] [however long it takes|as long as needed]"),
        ("DISC-LENGTH", ("more",), "[should be|needs to be] [needs-led|led by need] not [target|KPI]-led"),
        ("DISC-LENGTH", ("as now", "more"), "[mixed views|group split]: [some wanted caps|some wanted open-ended]; agreed it [depends on|should reflect] [need|the person]"),
        ("DISC-LENGTH", ("less",), "[without limits|no limits], [lists|caseloads] [never move|get out of hand]"),
    ),
    "where patients are seen": (
        ("DISC-PLACE", ("more", "much more"), "home visits [reveal|show] [issues|things] [you'd never see|not raised] in clinic - [damp|hoarding|empty fridge|piles of post]"),
        ("DISC-PLACE", ("more",), "[should be able to|want to] choose [a cafe|the library|a community centre|the park] [as well as|not just] the surgery"),
        ("DISC-PLACE", ("as now", "less"), "lone working [policy|rules] - [go out in pairs|need to pair up] [for first visit|if any risk]"),
        ("DISC-PLACE", ("more",), "[some|several] link workers [only allowed|made] to see [people|patients] in [a clinic room|the practice] - [want|need] choice"),
        ("DISC-PLACE", ("as now",), "mix works: [clinic|surgery] [for most|by default], home [when needed|for housebound]"),
        ("DISC-PLACE", ("more", "much more"), "[housebound|anxious] patients [won't|can't] [come in|get to the practice] - [link worker should|need to] go to them"),
        ("DISC-PLACE", ("less",), "[safety|risk] [first|comes first] - [home visits need to be|going out should be] [agreed|signed off] by [a manager|manager]"),
        ("DISC-PLACE", ("as now",), "[phone|video] [fine|ok] for [some|follow ups]; [face to face|in person] for [first contact|first meeting]"),
    ),
    "training": (
        ("DISC-TRAIN", ("more",), "mandatory [core|basic] training [+|then] [choose|own choice of] the rest [based on|according to] [gaps|skills gaps]"),
        ("DISC-TRAIN", ("more", "much more"), "training [should|to] [follow|match] [what comes through the door|the patients you see] - [debt|bereavement|mental health first aid]"),
        ("DISC-TRAIN", ("as now",), "[current|the] mandatory [set|list] is [right|about right] - [safeguarding|lone working] [non-negotiable|essential]"),
        ("DISC-TRAIN", ("more",), "[no|little] [budget|protected time] for [CPD|training] [-> discretion meaningless|so choice on paper only]"),
        ("DISC-TRAIN", ("as now", "more"), "[peer learning|learning from each other] [as valuable as|worth as much as] courses"),
        ("DISC-TRAIN", ("less",), "[need|want] [a|one] [national|standard] [core curriculum|training framework] - [too much variation|quality varies]"),
    ),
    "referrals": (
        ("DISC-REFER", ("more",), "[co-produce|agree] referral criteria [with|alongside] [practice|primary care] staff -> [fewer|less] inappropriate referrals"),
        ("DISC-REFER", ("more", "much more"), "link worker [should be able to|must be able to] [say no to|decline|turn down] [inappropriate|wrong] referrals"),
        ("DISC-REFER", ("as now",), "[criteria|referral form] [agreed|sorted] with [GPs|practices] [works|is working] - [keep it|don't change]"),
        ("DISC-REFER", ("more",), "[self-referral|self referral] [should be|to be] [allowed|an option] [everywhere|in all areas]"),
        ("DISC-REFER", ("as now", "more"), "[feedback|explain] to [referrers|GPs] [why|when] [a referral|referral] [not suitable|bounced] - [builds|improves] [understanding|trust]"),
        ("DISC-SPEC", ("less", "much less"), "[specialist|service-specific] link workers ([cardiovascular|cardiac]/[diabetes|weight management]) - [criteria set by the service|the pathway sets the criteria], less [room|discretion]"),
        ("DISC-SPEC", ("less",), "[children's|young people's] link worker [works to|follows] [school|service] [protocols|criteria] - [not much|limited] choice"),
        ("DISC-SPEC", ("less", "as now"), "[learning disability|LD] link worker: [referrals come via|caseload set by] [the team|the specialist team] - [that's ok|makes sense]"),
        ("DISC-SPEC", ("much less",), "if [attached to|part of] a [specific service|condition pathway] the referral route is [fixed|decided for you]"),
    ),
}

#: Attendee feedback on the event (theme plan.FEEDBACK_THEME).
FEEDBACK_COMMENTS = (
    "[Really|Very] [valuable|useful] to have [time and space|the time & space|space] to [reflect|think] [about what we do|about our practice|on the role]",
    "[Holding|The idea of holding] [really|totally] [resonated|rang true] - [that's|it's] [exactly|so much] what [I do|we do] [day to day|every day]",
    "[Great|Good] to [meet|network with|hear from] [other link workers|people from other areas|colleagues from other practices]",
    "[Would have liked|Needed] more time for the [group discussions|small group work|tables]",
    "[Lunch|Networking over lunch] was [a nice touch|really useful|a good start]",
    "[Discretion|The discretion exercise] made me [think about|realise] how [different|varied] our roles are",
    "[Please|Could you] [share|circulate] the [slides|notes|flip chart write ups] [afterwards|after|]",
    "[Too much|A lot of] [sitting|listening] in the [afternoon|second half], [fewer|less] slides [please|next time]",
    "[Would be good|Good idea] to [have|get] [commissioners|GPs|practice managers] in the room [next time|too]",
    "[Nice|Refreshing] to [hear|see] research that [reflects|matches] [what happens on the ground|real practice]",
    "[Not sure|Unsure] how [this|the findings] will [change|make a difference to] [anything|commissioning]",
    "[My|Our] group was [dominated by|led by] [one or two voices|a couple of people], [facilitator needed|needed more facilitation]",
    "[Hearing|Having] [patients'|the public's] [views|voices] in the room was [powerful|the best bit]",
    "[I'll|Will] [take|bring] the holding [idea|concept] back to [my team|our team meeting|supervision]",
    "[Venue|Room] [too hot|a bit cramped|hard to hear in]",
    "[Felt|Made me feel] [validated|less alone] - others [struggle with|find it hard with] [closing cases|boundaries] too",
    "[Would like|Want] [a follow-up|a follow up session] when the [final report|paper] [is out|comes out]",
    "[Clear|Very clear] [presentation|explanation] of the [two concepts|concepts]",
    "[Slightly|A bit] [rushed|hurried] [at the end|in the final session]",
    "[More|Would like more] on [what to do|practical next steps] [with the findings|rather than just discussion]",
    "[The idea of the|Thinking of the] link worker as 'the intervention' was [challenging|provocative] but [important|useful]",
    "[Useful|Helpful] to [compare|see] how [other areas|other services] [handle|manage] [referrals|lone working]",
    "[Please|Pls] [keep these going|keep events like this going|run these regularly]",
    "[Not enough|Little] [about|on] the voluntary sector side, [felt|seemed] [GP|NHS] focused",
    "[Online option|Hybrid option] would [help|have helped] [those who couldn't travel|rural colleagues]",
    "[Good mix|Nice mix] of [people|roles] [at each table|around the table]",
    "[The exercise|The discretion scale] was [a bit|slightly] [confusing|unclear] - [more|less] discretion [than what?|compared to what?]",
    "[Thank you|Thanks] - [one of the best|a really good] [events|sessions] I've [been to|attended] [this year|in a while]",
    "[The research|The study] [needs to|should] [reach|get to] [commissioners|decision makers], not just us",
    "[Interesting|Fascinating] to [hear|learn] how [specialist|condition-specific] link workers [work so differently|have less choice]",
    "[Enjoyed|Liked] the [mix of|balance of] presentation and discussion",
    "[Some of the|A few] [slides|graphs] were hard to read from the back",
    "[Would have been good|Would help] to [know|have] the [questions|discussion questions] [in advance|beforehand]",
    "[Good to know|Reassuring] that [the research|the study] [is listening to|takes notice of] link workers",
    "[As a|Speaking as a] [patient|member of the public] I felt [welcomed|listened to][ today|]",
    "[The findings|Holding and discretion] [felt|seemed] [a bit|rather] [abstract|academic] [at first|until the group work]",
    "[Starting|Opening] with lunch [worked well|was a good idea] - [people were relaxed|it broke the ice]",
    "Could [the team|you] [produce|write] a [short summary|one page summary] [for managers|we can share]?",
    "[Wanted|Would have liked] [more|a bit more] on [what commissioners think|the commissioning side]",
    "[Parking|Finding the venue] was [a nightmare|difficult] but [worth it|the day made up for it]",
    "[Honest|Open] [conversations|discussion] - nobody [was|felt] [defensive|judged]",
)
# fmt: on
