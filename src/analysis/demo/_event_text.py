"""Hand-written text bank for the demo events' group notes (flip-chart style, all invented).

Each entry is ``(theme, template)``: the theme from :data:`analysis.demo.plan.THEMES` the note is
written for, and a template where ``[a|b|c]`` picks one option (an empty option makes a phrase
optional). Notes are written in full words; the event's typist abbreviates ("LW", "pts", "GP",
"VCSE") and slips, so the same entry reads differently at each event.
"""

from __future__ import annotations

# One entry per line reads best for a text bank; the formatter would split each in three.
# fmt: off
#: Consequences of holding, per (stakeholder, valence).
HOLDING_NOTES = {
    ("patients", "positive"): (
        ("HOLD-CONTAIN", "someone who [actually listens|listens properly|has time to listen] - [not rushed|no 10 min limit|no clock watching]"),
        ("HOLD-CONTAIN", "[a safe space|somewhere safe|a safe place] to offload [without being judged|with no judgement|]"),
        ("HOLD-CONTAIN", "feel [heard|believed|taken seriously][, sometimes for the first time| - often first time in years|]"),
        ("HOLD-CONTAIN", "less alone with [worries|their worries|everything] between [appointments|GP appointments|visits]"),
        ("HOLD-PROLONG", "support doesn't [just stop|end abruptly|vanish] after [6|six|a set number of] sessions"),
        ("HOLD-PROLONG", "[can come back|door stays open|can get back in touch] when things [go wrong again|wobble|fall apart again]"),
        ("HOLD-PROLONG", "continuity - same [person|face] [over months|over time|each time], [no retelling their story|don't have to repeat themselves]"),
        ("HOLD-PROLONG", "trust builds over [time|months|weeks and months] so the [real|underlying|bigger] issues [come out|surface]"),
        ("HOLD-PROLONG", "[continuity|continuity of care|same person every time][!|!!|]"),
        ("HOLD-NOGOAL", "no pressure to [set goals|have an action plan|'achieve' something] [straight away|at first|before they're ready]"),
        ("HOLD-NOGOAL", "[just a chat|a chat and a cuppa|a regular phone call] can be [what keeps them going|enough|a lifeline]"),
        ("HOLD-NOGOAL", "[goes at|works at] the patient's [own pace|pace][, not the service's|, not ours|]"),
        ("HOLD-NOREFER", "not [pushed|shoved|packed off] into groups before [they're ready|ready|they feel able]"),
        ("HOLD-NOREFER", "link worker [walks alongside them|goes with them|stays with them] rather than [handing over a leaflet|just giving a number]"),
    ),
    ("patients", "negative"): (
        ("HOLD-PROLONG", "[risk of dependency|over-reliance|can become dependent] on [the link worker|one person|one worker]"),
        ("HOLD-PROLONG", "[ending|discharge|closing the case] [feels like a loss|can feel like being abandoned|gets harder the longer it goes on]"),
        ("HOLD-PROLONG", "what happens when [the link worker leaves|funding ends|the post isn't renewed]? [back to square one|cliff edge|left with nothing]"),
        ("HOLD-PROLONG", "long support for some = [others wait longer|longer waiting list for others|slower access for new patients]"),
        ("HOLD-PROLONG", "[dependency?|dependency!|dependency risk|reliance?]"),
        ("HOLD-NOREFER", "may miss out on [groups|services|specialist help] that would [actually|really|] help [them|]"),
        ("HOLD-NOREFER", "[stuck|stays stuck|can get stuck] with the link worker instead of [building own network|connecting with community|making friends locally]"),
        ("HOLD-NOGOAL", "no goals = [hard to see progress|not clear what they're working towards|drift]"),
        ("HOLD-NOGOAL", "[unclear|confusing] [what the service is for|why they're still seeing the link worker|what happens next]"),
        ("HOLD-CONTAIN", "[opening up|raking things up] [without follow-up therapy|without proper mental health support|with nothing after] can leave people [worse|more raw|exposed]"),
        ("HOLD-CONTAIN", "link worker is not a [counsellor|therapist] - [expectations mismatch|patients can expect too much|may expect more than LW can give]"),
    ),
    ("link workers", "positive"): (
        ("HOLD-CONTAIN", "[job satisfaction|really rewarding|why we do the job] - [see real change|see people turn a corner|see people grow]"),
        ("HOLD-CONTAIN", "[a privilege|feel trusted] when people [open up|share things they've never told anyone|let you in]"),
        ("HOLD-PROLONG", "[time to build relationships|relationship is the tool|relationships not transactions]"),
        ("HOLD-PROLONG", "[know patients well|see the whole picture] over time -> [better judgement|spot when things slip|pick up early warning signs]"),
        ("HOLD-NOGOAL", "freedom to [work at person's pace|follow what matters to the person|be led by the patient]"),
        ("HOLD-NOGOAL", "not [chasing|ticking] outcome boxes [all the time|every session|every week]"),
        ("HOLD-NOREFER", "[can use own skills|feel like proper practitioners|valued as skilled workers] not just [signposters|a directory|a leaflet service]"),
        ("HOLD-NOREFER", "[fills gaps|can step in] where [no service|nothing else|no other support] exists"),
        ("HOLD-NOREFER", "[link worker IS the intervention|we are the intervention][ - recognised at last|!|]"),
    ),
    ("link workers", "negative"): (
        ("HOLD-CONTAIN", "emotional toll - [taking it home|carrying it home|vicarious trauma]"),
        ("HOLD-CONTAIN", "[need|no|not enough] [proper clinical supervision|supervision|debriefing] [to offload|for what they carry|after hard conversations]"),
        ("HOLD-CONTAIN", "emotional [drain|exhaustion|load][!|!!|]"),
        ("HOLD-PROLONG", "[hard to close cases|can't close cases|difficult to say goodbye]"),
        ("HOLD-PROLONG", "[guilt|feel guilty] when [discharging|closing] someone still [struggling|lonely|not right]"),
        ("HOLD-NOREFER", "[blurred|unclear] boundaries - [role creep|drifting into counselling|becoming a friend]"),
        ("HOLD-NOGOAL", "[hard to evidence|how do you measure] impact when there's no [goal|end point|set outcome]"),
        ("caseload_burnout", "[caseloads|lists] [grow|keep growing] and [nobody|no one] leaves -> [burnout|exhaustion|people go off sick]"),
        ("caseload_burnout", "[waiting list|waitlist] [builds up|grows] [while|as] link workers hold [long term cases|people long term]"),
        ("caseload_burnout", "[sickness|staff turnover|people leaving the role] [high|rising] - [tired|burnt out|stretched thin]"),
        ("caseload_burnout", "[80+|90|100+] [open cases|on caseload] [each|per link worker] - [can't hold everyone|impossible to hold that many]"),
    ),
    ("GP practices", "positive"): (
        ("HOLD-CONTAIN", "[fewer|less] [frequent attenders|repeat appointments] - someone else to [talk to|take worries to]"),
        ("HOLD-CONTAIN", "[takes pressure off|frees up] GPs for [clinical work|medical issues|the medical side]"),
        ("HOLD-CONTAIN", "[fewer frequent attenders?|frequent attenders down?|less frequent attending?]"),
        ("HOLD-PROLONG", "link worker knows [the patient|patients] over time - [useful info for the GP|flags concerns early|early warning]"),
        ("HOLD-PROLONG", "[continuity|consistency] GPs [can't offer any more|no longer have time for|used to give]"),
        ("HOLD-NOREFER", "somewhere to [send|refer] people [nobody else will take|who fall between services|who don't fit anywhere]"),
        ("HOLD-NOGOAL", "[whole person|non-medical] view [feeds back into|informs] [care|the care plan]"),
        ("HOLD-CONTAIN", "[reception|front desk] [gets fewer|fewer] [distressed|upset] calls [from the same people|from regulars]"),
        ("HOLD-NOREFER", "[someone to pick up|link worker picks up] the [social stuff|non-medical stuff] [GPs can't fix|no prescription fixes]"),
        ("HOLD-PROLONG", "[long term|ongoing] contact [helps|supports] [medication|treatment] adherence [for some|in some cases]"),
    ),
    ("GP practices", "negative"): (
        ("HOLD-PROLONG", "[less capacity|fewer slots] for new referrals if link workers hold [people|cases] [for long|long term]"),
        ("HOLD-PROLONG", "practice staff [unsure|not sure] when to [step back in|take back] [a case|responsibility]"),
        ("HOLD-NOREFER", "[may see link worker as|link worker becomes] a [dumping ground|place to park people|last resort]"),
        ("HOLD-NOGOAL", "[don't understand|unclear] what the link worker [does|is for] if not [signposting|referring on]"),
        ("HOLD-NOGOAL", "[no measurable outcomes|outcomes not recorded] [-> hard to justify|so hard to justify] the role to partners"),
        ("HOLD-CONTAIN", "[risk|worry] link worker [holds|is holding] [mental health|MH] risk without [clinical oversight|GP oversight|a clinician knowing]"),
        ("HOLD-CONTAIN", "[GPs|clinicians] [may not hear|don't always hear] what patients [tell|share with] the link worker"),
        ("HOLD-NOGOAL", "[hard to know|no idea] [when|if] [it's working|the patient is improving] [without goals|with no plan]"),
        ("HOLD-PROLONG", "[rooms|clinic rooms] [tied up|booked out] [every week|week after week] for the same [people|patients]"),
    ),
    ("voluntary sector", "positive"): (
        ("HOLD-NOREFER", "people [arrive|come to groups] [more ready|better prepared|more confident] after link worker support"),
        ("HOLD-NOREFER", "[warm handover|link worker comes along first time] -> [better attendance|people stick with it|fewer drop outs]"),
        ("HOLD-PROLONG", "link worker [still there|stays involved] in [the background|background] if [the group|a placement] [wobbles|doesn't work out]"),
        ("HOLD-CONTAIN", "[emotional stuff|the heavy stuff] [held by the link worker|stays with the link worker] so volunteers [not overwhelmed|aren't out of their depth]"),
        ("HOLD-NOGOAL", "[relationship|trust] first [means|=] people [try|give things a go] when [ready|they're ready]"),
        ("HOLD-NOREFER", "[fewer|less] [inappropriate|unsuitable] referrals [of people who aren't ready|before people are ready]"),
        ("HOLD-PROLONG", "ongoing link worker contact means someone [notices|spots it] if [people drop out|attendance drops]"),
        ("HOLD-CONTAIN", "[volunteers|group leaders] can [call|ring] the link worker [if worried|when worried] about someone"),
    ),
    ("voluntary sector", "negative"): (
        ("HOLD-NOREFER", "[fewer|less] referrals [coming through|into groups] -> [numbers down|hard to show demand|funders ask why]"),
        ("HOLD-NOREFER", "[duplication|overlap] - link worker doing what [groups|a befriending service|volunteers] could do"),
        ("HOLD-PROLONG", "[unclear|no] [handover|hand back] when link worker [holds on|keeps people][ for months|]"),
        ("vcs_capacity", "[groups|orgs|community groups] [already at|over|at] capacity - [can't take more anyway|waiting lists there too]"),
        ("vcs_capacity", "[short-term|year to year|small pots of] funding -> [groups fold|services disappear|can't plan]"),
        ("vcs_capacity", "[volunteers|volunteer base] [stretched|ageing|burning out]"),
        ("vcs_capacity", "[expected to|asked to] take [complex|high need] people [with no extra money|unfunded|without support]"),
    ),
    ("commissioners", "positive"): (
        ("HOLD-CONTAIN", "[may reduce|could cut] [A&E|GP|urgent care] use [long term|over time|eventually]"),
        ("HOLD-PROLONG", "[prevention|early help] - [catching|stopping] people before [crisis|things escalate]"),
        ("HOLD-NOGOAL", "[personalised|person-centred] care [in practice|made real] - [fits|matches] [national policy|the long term plan]"),
        ("HOLD-NOREFER", "[cheaper|lower cost] than [specialist services|statutory services] for [some|many] patients"),
        ("funding_commissioning", "[good news stories|case studies] [are useful|help] [when making the case|in reports to the board|at contract reviews]"),
        ("HOLD-NOGOAL", "[fits|supports] [population health|health inequalities] [aims|agenda] - [reaches|engages] people [services miss|others don't]"),
        ("HOLD-CONTAIN", "[less|lower] [demand on|pressure on] [mental health|MH] services"),
        ("HOLD-PROLONG", "[fewer|less] [repeat|revolving door] referrals [back into|into] [services|the system]"),
    ),
    ("commissioners", "negative"): (
        ("funding_commissioning", "[hard|difficult] to [show|evidence] [value for money|ROI|return on investment]"),
        ("funding_commissioning", "[KPIs|contract targets] [count contacts|based on numbers] not [relationships|depth of work]"),
        ("funding_commissioning", "[short-term|annual|12 month] [contracts|funding] vs [long-term|open-ended] support"),
        ("funding_commissioning", "funding [rules|conditions] for the role don't [fit|allow for] holding"),
        ("HOLD-PROLONG", "[fewer people seen|throughput drops] if [everyone|patients] held [long term|for months]"),
        ("HOLD-NOGOAL", "no [clear|agreed] outcome [measures|framework] for [holding|open-ended work]"),
        ("HOLD-NOREFER", "[is it|is this still] social prescribing if [no one|nobody] gets [referred on|prescribed anything]?"),
    ),
}

#: Group notes on discretion (concept "discretion"): (stakeholder, valence, theme, template).
DISCRETION_NOTES = (
    ("link workers", "positive", "DISC-LENGTH", "[flexibility|freedom] to [decide|judge] [when to close|how long to stay involved]"),
    ("link workers", "negative", "DISC-LENGTH", "[managers|targets] [push|pressure] to close at [6|12] weeks"),
    ("patients", "negative", "DISC-LENGTH", "[inconsistent|different] offer depending on [which link worker|which practice|where you live]"),
    ("commissioners", "negative", "DISC-LENGTH", "[variation|postcode lottery] - [6 sessions|12 weeks] in one area, open-ended in the next"),
    ("patients", "positive", "DISC-PLACE", "home visits - [more relaxed|on their own turf|easier to open up]"),
    ("link workers", "negative", "DISC-PLACE", "lone working [worries|risk] - [not always|not] [possible|allowed] to go out alone"),
    ("link workers", "negative", "DISC-SPEC", "[specialist|pathway] link workers [boxed in|tied] by [protocol|criteria]"),
    ("GP practices", "negative", "DISC-REFER", "[some|a few] practices [refer anything|send everything] - [need|no] [clear|agreed] criteria"),
    ("GP practices", "positive", "DISC-REFER", "[co-produced|jointly agreed] criteria [cut|reduced] [inappropriate|wrong] referrals"),
    ("link workers", "positive", "DISC-TRAIN", "[choose|pick] training [to fit|that fits] [the caseload|own gaps]"),
    ("link workers", "negative", "DISC-TRAIN", "mandatory [training eats|modules eat] [time|hours] [from patients|from patient contact]"),
)
# fmt: on
